//! The server's side of recovering a lost key (docs/PROTOCOL.md §13, §16, §18): the
//! operator's waiting period checked when a `recover` is submitted, and the short-lived
//! hand-over of a new key from the person's browser to the facilitator's.

use axum::http::StatusCode;

use super::AppState;
use super::error::ApiError;
use crate::attribution::kinds::Body;
use crate::protocol::statement::{Kind, Statement};

/// The canonical start of a version-1 statement of kind 12 (`recover`): map of 5, version 1,
/// kind 12. Anything else is not a recovery (or is refused later as not canonical).
const RECOVER_HEAD: [u8; 5] = [0xa5, 0x00, 0x01, 0x01, 0x0c];

/// Refuses a `recover` statement that waits less than this server's period
/// (422 `recovery_wait_too_short`); every other statement passes untouched.
pub(super) fn check_wait(state: &AppState, statement: &[u8]) -> Result<(), ApiError> {
    if statement.get(..RECOVER_HEAD.len()) != Some(&RECOVER_HEAD[..]) {
        return Ok(());
    }
    let Ok(st) = Statement::decode(statement) else { return Ok(()) };
    if st.kind != Kind::Recover {
        return Ok(());
    }
    let Ok(Body::Recover(b)) = Body::decode(st.kind, &st.body) else { return Ok(()) };
    let wait = state.config.recovery_wait_days;
    if b.wait_days < wait {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "recovery_wait_too_short",
            format!("this server asks a recovery to wait at least {wait} days; this one waits {}", b.wait_days),
        ));
    }
    Ok(())
}
