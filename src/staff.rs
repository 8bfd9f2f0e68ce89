//! Staff who act in their own browser: one-time invitations from the operator, redeemed by a
//! browser that makes its own Ed25519 key (the server enrols that public key with the
//! operator key it holds; the private key never leaves the browser).
//!
//! Invitations are operator state beside the log, not in it (the enrolment they lead to is
//! in the log): files in the data folder's `staff/invitations/`, named by the SHA-256 of the
//! invitation secret, so the secret itself is never stored.

pub mod invitations;

pub use invitations::{Invitation, Invitations, Redeemed, StaffError};
