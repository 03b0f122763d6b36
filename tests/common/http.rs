//! A minimal HTTP/1.1 client for tests that drive `glossa serve` over
//! real TCP (one connection per request, `Connection: close`).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// An answer.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// A running `glossa serve` (killed on drop).
pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Start `cmd` (a `glossa … serve --port 0`) and read its address.
    pub fn start(mut cmd: Command) -> Server {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start glossa serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|s| s.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, addr }
    }

    /// One request; `headers` are sent as given.
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Reply {
        let mut conn = TcpStream::connect(&self.addr).unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        conn.write_all(req.as_bytes()).unwrap();
        let _ = conn.write_all(body);
        let mut buf = Vec::new();
        let _ = conn.read_to_end(&mut buf);
        parse_reply(&buf)
    }

    pub fn get(&self, path: &str) -> Reply {
        self.raw("GET", path, &[], b"")
    }
}

/// A browser-like session: the CSRF cookie and token of `GET /api/csrf`.
pub struct Session {
    pub cookie: String,
    pub token: String,
}

impl Session {
    pub fn new(s: &Server) -> Session {
        let r = s.get("/api/csrf");
        assert_eq!(r.status, 200, "{}", r.text());
        let token = r.json()["token"].as_str().unwrap().to_string();
        let set = r.header("set-cookie").expect("session cookie");
        let cookie = set.split(';').next().unwrap().to_string();
        Session { cookie, token }
    }

    /// A JSON request with the session's cookie and token, plus `extra`
    /// headers.
    pub fn send(
        &self,
        s: &Server,
        method: &str,
        path: &str,
        v: &Value,
        extra: &[(&str, &str)],
    ) -> Reply {
        let mut h = vec![
            ("Cookie", self.cookie.as_str()),
            ("X-CSRF-Token", self.token.as_str()),
            ("Content-Type", "application/json"),
        ];
        h.extend_from_slice(extra);
        s.raw(method, path, &h, v.to_string().as_bytes())
    }
}

pub fn parse_reply(buf: &[u8]) -> Reply {
    let end =
        buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| {
            panic!("no header end: {:?}", String::from_utf8_lossy(buf))
        });
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 =
        lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = buf[end + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(nl) = rest.windows(2).position(|w| w == b"\r\n") {
            let n = usize::from_str_radix(
                String::from_utf8_lossy(&rest[..nl]).trim(),
                16,
            )
            .unwrap_or(0);
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + n]);
            rest = &rest[nl + 2 + n + 2..];
        }
        body = out;
    }
    Reply { status, headers, body }
}
