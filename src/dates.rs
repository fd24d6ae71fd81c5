//! Calendar dates: parsing `YYYY-MM-DD` and counting days.

use time::Date;
use time::macros::format_description;

/// Parses `YYYY-MM-DD`.
pub fn parse(text: &str) -> Option<Date> {
    Date::parse(text.trim(), format_description!("[year]-[month]-[day]")).ok()
}

/// Whole days from `earlier` to `later` (negative when `later` is before).
pub fn days_between(earlier: Date, later: Date) -> i64 {
    (later - earlier).whole_days()
}
