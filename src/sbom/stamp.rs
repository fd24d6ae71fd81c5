//! When an SBOM was made and its serial number. `SOURCE_DATE_EPOCH` (the
//! reproducible-builds convention) fixes the time; the serial number is a
//! UUID derived from the document's content and time, so the same inputs
//! give the same document byte for byte.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::macros::format_description;

/// The time and identity of one SBOM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// When it was made, UTC.
    pub time: OffsetDateTime,
}

impl Stamp {
    /// `SOURCE_DATE_EPOCH` (seconds since 1970) when set, else now.
    pub fn from_env() -> Result<Self> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(text) => Self::from_epoch(&text),
            Err(_) => Ok(Stamp { time: OffsetDateTime::now_utc() }),
        }
    }

    /// The stamp of a `SOURCE_DATE_EPOCH` value.
    pub fn from_epoch(text: &str) -> Result<Self> {
        let bad =
            || Error::Usage(format!("SOURCE_DATE_EPOCH={text}: expected whole seconds since 1970"));
        let seconds: i64 = text.trim().parse().map_err(|_| bad())?;
        let time = OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| bad())?;
        Ok(Stamp { time })
    }

    /// `2026-01-31T12:00:00Z`: RFC 3339 in the one form SPDX accepts.
    pub fn timestamp(&self) -> String {
        let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
        self.time.format(&format).unwrap_or_default()
    }

    /// A UUID (version 8, content-derived) for the document made of `content`
    /// at this time.
    pub fn uuid(&self, content: &str) -> uuid::Uuid {
        let mut hasher = Sha256::new();
        hasher.update(self.timestamp());
        hasher.update([0]);
        hasher.update(content);
        let digest = hasher.finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_fixes_the_time_and_the_serial() {
        let stamp = Stamp::from_epoch("1767225600").expect("epoch");
        assert_eq!(stamp.timestamp(), "2026-01-01T00:00:00Z");
        assert_eq!(stamp.uuid("a"), stamp.uuid("a"));
        assert_ne!(stamp.uuid("a"), stamp.uuid("b"));
        assert_eq!(stamp.uuid("a").get_version_num(), 8);
        assert!(Stamp::from_epoch("yesterday").is_err());
    }
}
