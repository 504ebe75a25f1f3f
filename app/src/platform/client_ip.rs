//! The address a request really comes from. `X-Forwarded-For` is believed only when the
//! direct peer is a configured trusted proxy: otherwise anyone could dodge a rate limit by
//! sending a made-up header.
use super::AppState;
use axum::{
    extract::{ConnectInfo, FromRequestParts, Request, State},
    http::{request::Parts, HeaderMap},
    middleware::Next,
    response::Response,
};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Resolves the client address from the peer and, behind trusted proxies, the right-most
/// `X-Forwarded-For` entry that is not itself a trusted proxy.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let peer = canonical(peer);
    let trusted: Vec<IpAddr> = trusted.iter().copied().map(canonical).collect();
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .map(canonical)
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:10.0.0.2`) is the IPv4 address, so
/// that a trusted proxy (and a rate-limit bucket) is recognised whichever way it arrives.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Middleware: stores the resolved [`ClientIp`] in the request's extensions.
pub async fn middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let ip = resolve(peer, req.headers(), &state.config.trusted_proxies);
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<ClientIp>()
            .copied()
            .unwrap_or(ClientIp(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn forged_header_is_ignored_without_a_trusted_proxy() {
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(resolve(peer, &headers("1.2.3.4"), &[]), peer);
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_entry_wins() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let got = resolve(proxy, &headers("6.6.6.6, 198.51.100.7"), &[proxy]);
        assert_eq!(got, "198.51.100.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn a_trusted_proxy_without_header_is_the_client() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        assert_eq!(resolve(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }

    #[test]
    fn a_trusted_proxy_seen_as_an_ipv4_mapped_address_is_still_trusted() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let mapped: IpAddr = "::ffff:10.0.0.2".parse().unwrap();
        assert_eq!(
            resolve(mapped, &headers("203.0.113.9"), &[proxy]),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        // And a client behind an IPv6 socket is counted as its IPv4 address.
        assert_eq!(
            resolve(
                "::ffff:198.51.100.7".parse().unwrap(),
                &HeaderMap::new(),
                &[]
            ),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
    }
}
