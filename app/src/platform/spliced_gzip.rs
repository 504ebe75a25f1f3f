//! A gzip body compressed once, with fresh text put in between its pieces on every response.
//!
//! A cached page differs per response only by its CSP nonce, so compressing it again for
//! every visitor would spend most of a cache hit on the same work. Instead each piece
//! between nonces is compressed once into raw deflate blocks that end on a byte boundary
//! (a sync flush, not the final block); a response is those blocks with the nonce between
//! them as a stored (uncompressed) block, the gzip header in front, and a trailer whose
//! CRC-32 is combined from the pieces' CRCs without reading them again. Each piece's
//! compressor starts afresh, so no back-reference reaches across a nonce.
use flate2::{write::DeflateEncoder, Compression};
use std::io::Write;

/// A gzip member header: deflate, no name or time, unknown OS (RFC 1952).
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

struct Piece {
    deflate: Vec<u8>,
    crc: crc32fast::Hasher,
    len: u64,
}

/// The compressed pieces of one page.
pub struct SplicedGzip {
    pieces: Vec<Piece>,
}

impl SplicedGzip {
    /// Compresses each piece on its own; the last one carries the final block.
    pub fn compress(pieces: &[impl AsRef<[u8]>]) -> std::io::Result<SplicedGzip> {
        let last = pieces.len().saturating_sub(1);
        let mut out = Vec::with_capacity(pieces.len());
        for (i, piece) in pieces.iter().enumerate() {
            let piece = piece.as_ref();
            let mut enc = DeflateEncoder::new(Vec::new(), Compression::best());
            enc.write_all(piece)?;
            let deflate = if i == last {
                enc.finish()?
            } else {
                // A sync flush ends on a byte boundary without a final block; what the
                // encoder would add when dropped is never used.
                enc.flush()?;
                std::mem::take(enc.get_mut())
            };
            let mut crc = crc32fast::Hasher::new();
            crc.update(piece);
            out.push(Piece {
                deflate,
                crc,
                len: piece.len() as u64,
            });
        }
        Ok(SplicedGzip { pieces: out })
    }

    /// Bytes held, for the cache's accounting.
    pub fn size(&self) -> usize {
        self.pieces.iter().map(|p| p.deflate.len()).sum()
    }

    /// The gzip body of the pieces with `gap` between each two. `gap` must be shorter than
    /// a stored block's 65,535 bytes (a nonce is a few dozen).
    pub fn with(&self, gap: &[u8]) -> Vec<u8> {
        assert!(
            gap.len() <= u16::MAX as usize,
            "a gap fits one stored block"
        );
        let gaps = self.pieces.len().saturating_sub(1);
        let mut out = Vec::with_capacity(HEADER.len() + self.size() + gaps * (gap.len() + 5) + 8);
        out.extend_from_slice(&HEADER);
        let mut gap_crc = crc32fast::Hasher::new();
        gap_crc.update(gap);
        let mut crc = crc32fast::Hasher::new();
        let mut len: u64 = 0;
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                // A stored block, not final: BFINAL 0 and BTYPE 00 padded to a byte, then
                // LEN and its complement, little-endian.
                let n = gap.len() as u16;
                out.push(0);
                out.extend_from_slice(&n.to_le_bytes());
                out.extend_from_slice(&(!n).to_le_bytes());
                out.extend_from_slice(gap);
                crc.combine(&gap_crc);
                len += gap.len() as u64;
            }
            out.extend_from_slice(&piece.deflate);
            crc.combine(&piece.crc);
            len += piece.len;
        }
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        // ISIZE: the length modulo 2^32.
        out.extend_from_slice(&(len as u32).to_le_bytes());
        out
    }
}

/// Whether an `Accept-Encoding` value allows gzip (`gzip` or `*`, not with `q=0`).
pub fn accepts_gzip(accept_encoding: &str) -> bool {
    accept_encoding.split(',').any(|item| {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let refused = parts.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        // GzDecoder checks the trailer's CRC-32 and length.
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("a valid gzip member");
        out
    }

    #[test]
    fn the_pieces_and_gaps_inflate_to_the_page() {
        let page = "<html><head><script nonce=\"".repeat(3)
            + "\">x</script>中文内容，政务公开。</head><body>"
            + &"<li>关于医保报销流程的建议</li>".repeat(200)
            + "</body></html>";
        let pieces = ["<p nonce=\"", &page, "\"></p>", ""];
        let z = SplicedGzip::compress(&pieces).unwrap();
        for nonce in ["abc123", "Zm9vYmFyYmF6cXV4", ""] {
            let want = pieces.join(nonce);
            assert_eq!(gunzip(&z.with(nonce.as_bytes())), want.as_bytes());
        }
        assert!(
            z.size() < page.len() / 5,
            "compressed once: {} bytes",
            z.size()
        );
    }

    #[test]
    fn one_piece_is_plain_gzip() {
        let z = SplicedGzip::compress(&["只有一段"]).unwrap();
        assert_eq!(gunzip(&z.with(b"ignored")), "只有一段".as_bytes());
    }

    #[test]
    fn a_gap_as_long_as_a_stored_block_allows() {
        let gap = vec![b'n'; u16::MAX as usize];
        let z = SplicedGzip::compress(&["a", "b"]).unwrap();
        let mut want = b"a".to_vec();
        want.extend_from_slice(&gap);
        want.push(b'b');
        assert_eq!(gunzip(&z.with(&gap)), want);
    }

    #[test]
    fn gzip_is_accepted_as_browsers_and_tools_say_it() {
        assert!(accepts_gzip("gzip, deflate, br, zstd"));
        assert!(accepts_gzip("br;q=1.0, gzip;q=0.8"));
        assert!(accepts_gzip("GZIP"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("gzip;q=0"));
        assert!(!accepts_gzip("gzip; q=0.0, br"));
        assert!(!accepts_gzip("br, zstd"));
        assert!(!accepts_gzip(""));
        assert!(!accepts_gzip("identity"));
    }
}
