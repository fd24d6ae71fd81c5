//! A count and its noun, agreeing: "1 advisory match", "2 advisory matches",
//! "0 files". Every report line that puts a number before a noun uses it.

/// `n` followed by `one` when `n` is 1, else by `many`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", noun(n, one, many))
}

/// `one` when `n` is 1, else `many`, for a number formatted apart.
pub fn noun<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(0, "advisory match", "advisory matches"), "0 advisory matches");
        assert_eq!(count(1, "advisory match", "advisory matches"), "1 advisory match");
        assert_eq!(count(2, "file", "files"), "2 files");
    }
}
