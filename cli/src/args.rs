//! Command-line words: `--flag value`, `--flag=value` and positional arguments.

pub struct Args {
    words: std::vec::IntoIter<String>,
}

pub enum Arg {
    Flag(String),
    Positional(String),
}

impl Args {
    pub fn new(words: Vec<String>) -> Self {
        Self {
            words: words.into_iter(),
        }
    }

    pub fn next(&mut self) -> Option<Arg> {
        let word = self.words.next()?;
        if let Some(flag) = word.strip_prefix("--").filter(|f| !f.is_empty()) {
            if let Some((name, value)) = flag.split_once('=') {
                // Put the inline value back so `value()` reads it like a separate word.
                let rest: Vec<String> = std::iter::once(value.to_owned())
                    .chain(self.words.by_ref())
                    .collect();
                self.words = rest.into_iter();
                return Some(Arg::Flag(name.to_owned()));
            }
            return Some(Arg::Flag(flag.to_owned()));
        }
        if word == "-h" {
            return Some(Arg::Flag("help".into()));
        }
        Some(Arg::Positional(word))
    }

    /// The value after `--flag`.
    pub fn value(&mut self, flag: &str) -> Result<String, String> {
        self.words
            .next()
            .ok_or_else(|| format!("--{flag} needs a value"))
    }
}
