use super::*;

/// A server on 127.0.0.1:0 answering `/ok` with 200 "fine" and `/teapot` with 418, on a
/// thread of its own for the rest of the test process.
fn little_server() -> SocketAddr {
    use axum::routing::get;
    let app = axum::Router::new()
        .route("/ok", get(|| async { "fine" }))
        .route("/teapot", get(|| async { (StatusCode::IM_A_TEAPOT, "short and stout") }));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(l, app).await.unwrap();
        });
    });
    addr
}

fn get(path: &'static str) -> impl Fn(u64) -> anyhow::Result<Req> + Send + Sync + 'static {
    move |_| Ok(Req { method: Method::GET, path: path.into(), body: Bytes::new() })
}

#[test]
fn the_machine_line_of_proc_stat_gives_idle_steal_and_all() {
    let stat = "cpu  100 5 50 1000 20 3 2 40 0 0\ncpu0 50 2 25 500 10 1 1 20 0 0\n";
    assert_eq!(machine_ticks(stat).expect("parse"), (1020, 40, 1220));
    assert!(machine_ticks("cpu  1 2 3\n").is_err());
    assert!(machine_ticks("intr 5\n").is_err());
    // This machine's own line parses, and steal is part of the whole.
    let (idle, steal, all) = machine_now().expect("/proc/stat");
    assert!(idle + steal <= all);
}

#[test]
fn a_load_answers_every_request_and_times_each() {
    let addr = little_server();
    let fine = |_, b: &[u8]| if b == b"fine" { Ok(()) } else { bail!("body {b:?}") };
    let (_, lat) = load(addr, 8, 100, Load { request: get("/ok"), status: StatusCode::OK, check: fine }).unwrap();
    assert_eq!(lat.len(), 100);
    assert!(lat.windows(2).all(|w| w[0] <= w[1]), "latencies are sorted for the percentiles");
}

#[test]
fn a_wrong_status_fails_the_load_with_the_answer() {
    let addr = little_server();
    // Every 10th request goes to the teapot: the load must stop with its status and body.
    let request = |i: u64| {
        let path = if i % 10 == 9 { "/teapot" } else { "/ok" };
        Ok(Req { method: Method::GET, path: path.into(), body: Bytes::new() })
    };
    let e = load(addr, 4, 100, Load { request, status: StatusCode::OK, check: |_, _: &[u8]| Ok(()) }).unwrap_err();
    let text = format!("{e:#}");
    assert!(text.contains("GET /teapot: 418"), "{text}");
    assert!(text.contains("short and stout"), "{text}");
}

#[test]
fn a_body_that_fails_the_check_fails_the_load() {
    let addr = little_server();
    let check =
        |_, b: &[u8]| if b == b"other" { Ok(()) } else { bail!("unexpected body {}", String::from_utf8_lossy(b)) };
    let e = load(addr, 4, 20, Load { request: get("/ok"), status: StatusCode::OK, check }).unwrap_err();
    assert!(format!("{e:#}").contains("unexpected body fine"), "{e:#}");
}

#[test]
fn an_unreachable_server_is_an_error() {
    // A port that was free a moment ago: nothing listens there.
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let e = load(addr, 2, 5, Load { request: get("/ok"), status: StatusCode::OK, check: |_, _: &[u8]| Ok(()) })
        .unwrap_err();
    assert!(format!("{e:#}").contains("connecting to"), "{e:#}");
}

/// What [`raw_server`] does with a request: answer these bytes and go on, answer them
/// and close, or close without answering.
enum Then {
    Answer(Vec<u8>),
    AnswerAndClose(Vec<u8>),
    Close,
}

/// What [`raw_server`] does with each request body.
type Script = fn(&[u8]) -> Then;

/// A server on 127.0.0.1:0 that reads each request on each connection (head, then a
/// body of its `Content-Length`) and does `then(request body)`, writing an answer in
/// pieces of `piece` bytes, a millisecond apart.
fn raw_server(piece: usize, then: Script) -> SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { return };
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let head = loop {
                        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break p + 4;
                        }
                        match conn.read(&mut chunk) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let text = String::from_utf8_lossy(&buf[..head]).to_ascii_lowercase();
                    let len = text
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                    while buf.len() < head + len {
                        match conn.read(&mut chunk) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let (out, close) = match then(&buf[head..head + len]) {
                        Then::Answer(a) => (a, false),
                        Then::AnswerAndClose(a) => (a, true),
                        Then::Close => return,
                    };
                    buf.drain(..head + len);
                    for p in out.chunks(piece) {
                        if conn.write_all(p).is_err() {
                            return;
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    if close {
                        return;
                    }
                }
            });
        }
    });
    addr
}

fn post(body: &'static str) -> impl Fn(u64) -> anyhow::Result<Req> + Send + Sync + 'static {
    move |_| Ok(Req { method: Method::POST, path: "/v1/statements".into(), body: Bytes::from(body) })
}

fn any_body(_: u64, _: &[u8]) -> anyhow::Result<()> {
    Ok(())
}

#[test]
fn answers_read_in_small_pieces_with_any_header_case_are_framed_by_their_length() {
    // The body echoes the request's, so each answer must be framed exactly to match.
    let addr = raw_server(7, |body| {
        let mut a = format!("HTTP/1.1 201 Created\r\ncontent-LENGTH: {}\r\nX-Other: a:b\r\n\r\n", body.len());
        a.push_str(std::str::from_utf8(body).unwrap());
        Then::Answer(a.into_bytes())
    });
    let check = |_, b: &[u8]| if b == br#"{"statement":"AAEC"}"# { Ok(()) } else { bail!("body {b:?}") };
    let (_, lat) =
        load(addr, 3, 12, Load { request: post(r#"{"statement":"AAEC"}"#), status: StatusCode::CREATED, check })
            .unwrap();
    assert_eq!(lat.len(), 12);
}

#[test]
fn answers_the_generator_cannot_frame_fail_the_load() {
    let cases: [(Script, &str); 5] = [
        (
            |_| Then::Answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nfine\r\n0\r\n\r\n".to_vec()),
            "Transfer-Encoding",
        ),
        (|_| Then::Answer(b"HTTP/1.1 200 OK\r\nServer: x\r\n\r\nfine".to_vec()), "without Content-Length"),
        (
            |_| Then::AnswerAndClose(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfine".to_vec()),
            "closed the connection",
        ),
        (|_| Then::Answer(b"HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nfine".to_vec()), "HTTP/1.1 status"),
        (|_| Then::Close, "closed the connection"),
    ];
    for (then, why) in cases {
        let addr = raw_server(64, then);
        let e = load(addr, 1, 2, Load { request: get("/ok"), status: StatusCode::OK, check: any_body })
            .map(|_| ())
            .unwrap_err();
        assert!(format!("{e:#}").contains(why), "expected {why:?} in: {e:#}");
    }
}

#[test]
fn context_switches_and_the_writers_groups_are_read_from_their_texts() {
    let status = "Name:\theard\nvoluntary_ctxt_switches:\t120\nnonvoluntary_ctxt_switches:\t7\n";
    assert_eq!(switches_in(status), 127);
    assert_eq!(switches_in("Name:\theard\n"), 0);
    assert!(context_switches("self").expect("this process") > 0);
    let metrics = "# TYPE heard_batches_total counter\nheard_batches_total 40\nheard_batched_entries_total 1000\n";
    assert_eq!(groups_in(metrics), Some((40, 1000)));
    assert_eq!(groups_in("heard_batches_total 40\n"), None, "both counters are needed");
    assert_eq!(groups_in("heard_batches_total_x 4\nheard_batched_entries_total 9\n"), None);
}
