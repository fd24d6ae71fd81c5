//! A count and its noun, agreeing: "1 advisory match", "2 advisory matches",
//! "0 files". Every report line that puts a number before a noun uses it.

/// `n` followed by `one` when `n` is 1, else by `many`.
pub fn count<N: Number>(n: N, one: &str, many: &str) -> String {
    format!("{n} {}", noun(n, one, many))
}

/// Any integer a report counts with.
pub trait Number: std::fmt::Display + PartialEq + From<u8> + Copy {}
impl<N: std::fmt::Display + PartialEq + From<u8> + Copy> Number for N {}

/// "`x` of `n` nouns", the noun agreeing with `n`: "0 of 1 package".
pub fn of<N: Number>(x: N, n: N, one: &str, many: &str) -> String {
    format!("{x} of {}", count(n, one, many))
}

/// "all 5 sub-checks pass", "the 1 sub-check passes", "no sub-checks".
pub fn all_pass(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("no {many}"),
        1 => format!("the 1 {one} passes"),
        n => format!("all {n} {many} pass"),
    }
}

/// `one` when `n` is 1, else `many`, for a number formatted apart (or for a
/// verb agreeing with `n`: `noun(n, "declares", "declare")`).
pub fn noun<'a, N: Number>(n: N, one: &'a str, many: &'a str) -> &'a str {
    if n == N::from(1) { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(0, "advisory match", "advisory matches"), "0 advisory matches");
        assert_eq!(count(1, "advisory match", "advisory matches"), "1 advisory match");
        assert_eq!(count(2, "file", "files"), "2 files");
        assert_eq!(of(0, 1, "package", "packages"), "0 of 1 package");
        assert_eq!(noun(0, "declares", "declare"), "declare");
        assert_eq!(all_pass(1, "sub-check", "sub-checks"), "the 1 sub-check passes");
    }
}
