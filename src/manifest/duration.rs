//! Review periods: `"180d"`, `"26w"`, `"6m"`, `"1y"`, counted in days.

/// Days in a `m` month (a review period, not a calendar month).
const MONTH: u32 = 30;
/// Days in a `y` year.
const YEAR: u32 = 365;

/// Parses a review period into days; `None` for anything else or zero.
pub fn parse_days(text: &str) -> Option<u32> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let number: u32 = number.parse().ok()?;
    let per = match unit.trim() {
        "d" | "day" | "days" => 1,
        "w" | "week" | "weeks" => 7,
        "m" | "month" | "months" => MONTH,
        "y" | "year" | "years" => YEAR,
        _ => return None,
    };
    number.checked_mul(per).filter(|days| *days > 0)
}

#[cfg(test)]
mod tests {
    use super::parse_days;

    #[test]
    fn review_periods_parse_in_days() {
        assert_eq!(parse_days("180d"), Some(180));
        assert_eq!(parse_days("26w"), Some(182));
        assert_eq!(parse_days("6m"), Some(180));
        assert_eq!(parse_days("1y"), Some(365));
        assert_eq!(parse_days("2 years"), Some(730));
        assert_eq!(parse_days("0d"), None);
        assert_eq!(parse_days("soon"), None);
        assert_eq!(parse_days("12"), None);
    }
}
