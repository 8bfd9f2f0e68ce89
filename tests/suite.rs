//! Every integration test in one binary (`cargo test --test suite`; one module per former
//! test target, so `cargo test --test suite browser::` runs what `--test browser` ran).
//!
//! One binary instead of 53: each test target linked the whole library and its own copies
//! of the generic code it used, and cargo ran the targets one after another, so a long
//! browser test held up everything behind it. Here libtest spreads all tests over the cores.

mod common;
mod serve;
mod site;
mod world;

mod append;
mod attacks;
mod attribution;
mod browser;
mod cddl;
mod cite_rows;
mod citeproc;
mod cli;
mod cli_client;
mod cli_golden;
mod cli_scenario;
mod crash;
mod credential;
mod credit_browser;
mod demo;
mod every_page_browser;
mod given_date;
mod hostile;
mod http_api;
mod http_cbor;
mod http_domain;
mod import;
mod interop;
mod journal;
mod old_data;
mod pages;
mod payments;
mod payments_browser;
mod policy;
mod print_sheet;
mod protocol_doc;
mod readme;
mod receipts;
mod recovery;
mod recovery_browser;
mod recovery_http;
mod recovery_pairing;
mod said_did;
mod scale;
mod scale_audit;
mod scale_audit_tables;
mod scale_policy;
mod scale_rows;
mod scale_search;
mod scale_serve;
mod scale_service;
mod scale_side;
mod schemathesis;
mod search;
mod secrets;
mod server_process;
mod staff;
mod staff_browser;
mod storage_failure;
mod tamper;
mod tiles;
mod welsh;
mod welsh_browser;
mod welsh_pages;
mod welsh_staff;
mod witness_protocol;
