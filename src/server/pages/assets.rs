//! The pages' stylesheet and scripts, embedded in the binary (`include_str!`): no build step,
//! nothing to install beside the binary.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::i18n;

/// Every static file: name, content type, bytes.
const FILES: &[(&str, &str, &str)] = &[
    ("heard.css", "text/css; charset=utf-8", include_str!("static/heard.css")),
    ("bytes.js", JS, include_str!("static/bytes.js")),
    ("ui.js", JS, include_str!("static/ui.js")),
    ("cbor.js", JS, include_str!("static/cbor.js")),
    ("keyfile.js", JS, include_str!("static/keyfile.js")),
    ("statement.js", JS, include_str!("static/statement.js")),
    ("receipt.js", JS, include_str!("static/receipt.js")),
    ("claim.js", JS, include_str!("static/claim.js")),
    ("contributor.js", JS, include_str!("static/contributor.js")),
    ("recovery.js", JS, include_str!("static/recovery.js")),
    ("recover.js", JS, include_str!("static/recover.js")),
    ("recover-staff.js", JS, include_str!("static/recover-staff.js")),
    ("report.js", JS, include_str!("static/report.js")),
    ("verify.js", JS, include_str!("static/verify.js")),
    ("staffkey.js", JS, include_str!("static/staffkey.js")),
    ("join.js", JS, include_str!("static/join.js")),
    ("staff.js", JS, include_str!("static/staff.js")),
    ("open.js", JS, include_str!("static/open.js")),
    ("record.js", JS, include_str!("static/record.js")),
    ("report-builder.js", JS, include_str!("static/report-builder.js")),
    ("addto.js", JS, include_str!("static/addto.js")),
    ("board.js", JS, include_str!("static/board.js")),
    ("recognise.js", JS, include_str!("static/recognise.js")),
    ("words.js", JS, include_str!("static/words.js")),
    ("idea.js", JS, include_str!("static/idea.js")),
    ("credit.js", JS, include_str!("static/credit.js")),
    ("sheet.css", "text/css; charset=utf-8", include_str!("static/sheet.css")),
    ("sheet.js", JS, include_str!("static/sheet.js")),
];

const JS: &str = "text/javascript; charset=utf-8";

/// The file's content type and text, if it is one of ours.
pub(super) fn get(name: &str) -> Option<(&'static str, &'static str)> {
    FILES.iter().find(|(n, _, _)| *n == name).map(|(_, t, b)| (*t, *b))
}

/// The `js-` message ids the scripts at `paths` (`/static/<name>.js`) ask for, with those of
/// every module they import, however deep: what a page passes in `<body data-messages>`.
pub(super) fn message_ids(paths: &[&str]) -> BTreeSet<String> {
    static ASKED: OnceLock<HashMap<&'static str, BTreeSet<String>>> = OnceLock::new();
    let asked = ASKED.get_or_init(|| {
        FILES
            .iter()
            .filter(|(n, _, _)| n.ends_with(".js"))
            .map(|(n, _, _)| {
                let mut seen = BTreeSet::new();
                let mut todo = vec![*n];
                let mut ids = BTreeSet::new();
                while let Some(m) = todo.pop() {
                    if !seen.insert(m) {
                        continue;
                    }
                    let Some((_, src)) = get(m) else { continue };
                    ids.extend(i18n::script::ids_asked(src));
                    todo.extend(
                        imports(src).filter_map(|i| FILES.iter().find(|(f, _, _)| *f == i).map(|(f, _, _)| *f)),
                    );
                }
                (*n, ids)
            })
            .collect()
    });
    paths
        .iter()
        .filter_map(|p| asked.get(p.strip_prefix("/static/").unwrap_or(p)))
        .flat_map(|ids| ids.iter().cloned())
        .collect()
}

/// The modules a script imports (`… from './x.js';`).
fn imports(src: &str) -> impl Iterator<Item = &str> {
    src.lines().filter(|l| l.starts_with("import ") || l.starts_with("} from")).filter_map(|l| {
        let (_, from) = l.split_once("from './")?;
        from.split_once('\'').map(|(f, _)| f)
    })
}

pub(super) async fn file(Path(name): Path<String>) -> Response {
    match get(&name) {
        Some((content_type, body)) => {
            ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body).into_response()
        }
        None => (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "no such file\n")
            .into_response(),
    }
}
