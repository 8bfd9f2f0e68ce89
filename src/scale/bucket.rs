//! The bucket a URL names, and the prefix the log lives under in it.
//!
//! `s3://NAME` is an S3-compatible bucket; its endpoint, region and credentials come from the
//! usual AWS environment variables (`AWS_ENDPOINT_URL` or `AWS_ENDPOINT`, `AWS_REGION`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, and `AWS_ALLOW_HTTP=true`
//! for a local emulator), read by `object_store`'s `AmazonS3Builder::from_env`. A local folder
//! (`file://`) is refused for now: the checkpoint is replaced by compare-and-swap, and
//! `object_store`'s local file system store has no conditional replace.

use std::sync::Arc;

use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;

use super::ScaleError;

/// The bucket name in `url` (`s3://NAME`, a trailing slash allowed), checked against S3's
/// naming rules: 3 to 63 lowercase letters, digits, dots and hyphens, beginning and ending
/// with a letter or digit.
pub fn bucket_name(url: &str) -> Result<String, ScaleError> {
    let bad = |why: &str| ScaleError::BadBucket(format!("the bucket URL {url:?} {why}"));
    if url.starts_with("file://") {
        return Err(bad("names a local folder, which this build cannot use: the log's checkpoint is replaced by \
             compare-and-swap, which a local folder does not offer; use an S3-compatible bucket (s3://NAME)"));
    }
    let Some(rest) = url.strip_prefix("s3://") else {
        return Err(bad("is not of the form s3://NAME"));
    };
    let name = rest.strip_suffix('/').unwrap_or(rest);
    if name.contains('/') {
        return Err(bad("has a path after the bucket name: give the folder inside the bucket with --prefix"));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let chars_ok = name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    if !(3..=63).contains(&name.len()) || !chars_ok || !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return Err(bad(
            "does not name a bucket: a bucket name is 3 to 63 lowercase letters, digits, dots and hyphens, \
             beginning and ending with a letter or digit",
        ));
    }
    Ok(name.to_owned())
}

/// The prefix the log lives under (no leading or trailing slash; empty for the bucket's
/// root), refusing one that is not a plain object path (empty segments, `.` or `..`).
pub fn prefix(p: &str) -> Result<String, ScaleError> {
    let trimmed = p.trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    match object_store::path::Path::parse(trimmed) {
        Ok(path) if path.as_ref() == trimmed => Ok(trimmed.to_owned()),
        _ => Err(ScaleError::BadBucket(format!(
            "the prefix {p:?} is not a folder path in a bucket (segments of letters, digits and punctuation \
             separated by single slashes, no '.' or '..')"
        ))),
    }
}

/// Opens the bucket `url` names. Nothing is read or written yet, so an unreachable endpoint
/// is found by the first request.
pub fn open(url: &str) -> Result<Arc<dyn ObjectStore>, ScaleError> {
    let name = bucket_name(url)?;
    let store = AmazonS3Builder::from_env().with_bucket_name(name).build()?;
    Ok(Arc::new(store))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_s3_bucket_names_are_taken() {
        assert_eq!(bucket_name("s3://heard-log").unwrap(), "heard-log");
        assert_eq!(bucket_name("s3://heard.log.2/").unwrap(), "heard.log.2");
        for bad in ["heard-log", "s3://", "s3://ab", "s3://Heard", "s3://heard_log", "s3://-heard", "s3://heard/x"] {
            let e = bucket_name(bad).unwrap_err();
            assert_eq!(e.code(), "bad_bucket_url", "{bad}");
        }
        assert!(bucket_name("file:///tmp/x").unwrap_err().to_string().contains("compare-and-swap"));
        assert!(bucket_name("s3://heard/log").unwrap_err().to_string().contains("--prefix"));
    }

    #[test]
    fn prefixes_are_plain_paths() {
        assert_eq!(prefix("").unwrap(), "");
        assert_eq!(prefix("/logs/heard/").unwrap(), "logs/heard");
        for bad in ["a//b", "a/../b", "./a"] {
            assert_eq!(prefix(bad).unwrap_err().code(), "bad_bucket_url", "{bad}");
        }
    }
}
