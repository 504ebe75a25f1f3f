//! What an uploaded file really is, decided from its bytes (magic numbers and, for the
//! zip-based formats, the names inside the archive) — never from the client's content type,
//! and from the extension only to tell the three legacy Office formats apart.
use super::Kind;

/// Why a file was refused: the codes of [`super::upload_error_message`].
pub const REFUSED: &str = "type";
const MACROS: &str = "macro";
const LEGACY_EXT: &str = "legacy";

const PDF: &[u8] = b"%PDF-";
const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP: &[u8] = b"PK\x03\x04";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF];

/// The kind of an upload, or the code of the reason it is refused.
pub fn sniff(bytes: &[u8], file_name: &str) -> Result<Kind, &'static str> {
    if bytes.starts_with(PDF) {
        return Ok(Kind::Pdf);
    }
    if bytes.starts_with(PNG) {
        return Ok(Kind::Png);
    }
    if bytes.starts_with(JPEG) {
        return Ok(Kind::Jpeg);
    }
    if bytes.starts_with(OLE2) {
        // A compound file holds Word, Excel or PowerPoint alike (and Outlook messages,
        // installers …); its extension picks among the three Office formats only.
        return match extension(file_name).as_deref() {
            Some("doc") => Ok(Kind::Doc),
            Some("xls") => Ok(Kind::Xls),
            Some("ppt") => Ok(Kind::Ppt),
            _ => Err(LEGACY_EXT),
        };
    }
    if bytes.starts_with(ZIP) {
        return zip_kind(bytes);
    }
    Err(REFUSED)
}

/// The lower-case extension of a file name, if it has one.
pub fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty() && ext.len() <= 8).then(|| ext.to_ascii_lowercase())
}

fn zip_kind(bytes: &[u8]) -> Result<Kind, &'static str> {
    // OpenDocument: the first entry is `mimetype`, stored uncompressed, naming the type.
    if let Some(mime) = odf_mimetype(bytes) {
        return match mime {
            "application/vnd.oasis.opendocument.text" => Ok(Kind::Odt),
            "application/vnd.oasis.opendocument.spreadsheet" => Ok(Kind::Ods),
            "application/vnd.oasis.opendocument.presentation" => Ok(Kind::Odp),
            _ => Err(REFUSED),
        };
    }
    let names = central_directory(bytes).ok_or(REFUSED)?;
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("[Content_Types].xml") {
        if names.iter().any(|n| n.ends_with("vbaProject.bin")) {
            return Err(MACROS);
        }
        if has("word/document.xml") {
            return Ok(Kind::Docx);
        }
        if has("xl/workbook.xml") {
            return Ok(Kind::Xlsx);
        }
        if has("ppt/presentation.xml") {
            return Ok(Kind::Pptx);
        }
    }
    // 版式文件 (GB/T 33190): the package's entry point is OFD.xml at the root.
    if has("OFD.xml") {
        return Ok(Kind::Ofd);
    }
    Err(REFUSED)
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

/// The content of a first entry named `mimetype` stored without compression.
fn odf_mimetype(b: &[u8]) -> Option<&str> {
    let method = u16_at(b, 8)?;
    let size = u32_at(b, 18)?;
    let name_len = u16_at(b, 26)?;
    let extra_len = u16_at(b, 28)?;
    if method != 0 || b.get(30..30 + name_len)? != b"mimetype" || size > 100 {
        return None;
    }
    let start = 30 + name_len + extra_len;
    std::str::from_utf8(b.get(start..start + size)?)
        .ok()
        .map(str::trim)
}

/// The entry names of a zip archive, from its central directory (which sits at the end and
/// is what unzip programs read), or `None` when there is no valid one.
fn central_directory(b: &[u8]) -> Option<Vec<String>> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const ENTRY: &[u8] = b"PK\x01\x02";
    if b.len() < 22 {
        return None;
    }
    // The end record is 22 bytes plus a comment of at most 65,535.
    let lowest = b.len().saturating_sub(22 + 65_535);
    let end = (lowest..=b.len() - 22)
        .rev()
        .find(|&i| &b[i..i + 4] == EOCD)?;
    let count = u16_at(b, end + 10)?;
    let mut at = u32_at(b, end + 16)?;
    if count == 0 || count > 20_000 || at >= end {
        return None;
    }
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        if b.get(at..at + 4)? != ENTRY {
            return None;
        }
        let name_len = u16_at(b, at + 28)?;
        let extra_len = u16_at(b, at + 30)?;
        let comment_len = u16_at(b, at + 32)?;
        let name = b.get(at + 46..at + 46 + name_len)?;
        names.push(String::from_utf8_lossy(name).into_owned());
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(names)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A zip archive of stored (uncompressed) entries, as office programs write them.
    pub(crate) fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let (mut out, mut dir) = (Vec::new(), Vec::new());
        for (name, data) in entries {
            let offset = out.len() as u32;
            let mut common = Vec::new();
            common.extend_from_slice(&20u16.to_le_bytes()); // version needed
            common.extend_from_slice(&0u16.to_le_bytes()); // flags
            common.extend_from_slice(&0u16.to_le_bytes()); // stored
            common.extend_from_slice(&[0; 4]); // time, date
            common.extend_from_slice(&0u32.to_le_bytes()); // crc (unchecked here)
            common.extend_from_slice(&(data.len() as u32).to_le_bytes());
            common.extend_from_slice(&(data.len() as u32).to_le_bytes());
            common.extend_from_slice(&(name.len() as u16).to_le_bytes());
            common.extend_from_slice(&0u16.to_le_bytes()); // extra
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&common);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            dir.extend_from_slice(b"PK\x01\x02");
            dir.extend_from_slice(&20u16.to_le_bytes()); // made by
            dir.extend_from_slice(&common);
            dir.extend_from_slice(&[0; 10]); // comment len, disk, internal and external attrs
            dir.extend_from_slice(&offset.to_le_bytes());
            dir.extend_from_slice(name.as_bytes());
        }
        let (cd_at, cd_len) = (out.len() as u32, dir.len() as u32);
        out.extend_from_slice(&dir);
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&cd_len.to_le_bytes());
        out.extend_from_slice(&cd_at.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    fn ooxml(main: &str) -> Vec<u8> {
        zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            (main, b"<x/>"),
        ])
    }

    #[test]
    fn pdf_and_images() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3", "a.pdf"), Ok(Kind::Pdf));
        // The extension does not matter: the content does.
        assert_eq!(sniff(b"%PDF-1.4\n", "scan.bin"), Ok(Kind::Pdf));
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "x.png"),
            Ok(Kind::Png)
        );
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16], "x.jpg"),
            Ok(Kind::Jpeg)
        );
    }

    #[test]
    fn legacy_office_by_extension_among_three() {
        let mut ole = OLE2.to_vec();
        ole.extend_from_slice(&[0; 504]);
        assert_eq!(sniff(&ole, "通知.DOC"), Ok(Kind::Doc));
        assert_eq!(sniff(&ole, "统计表.xls"), Ok(Kind::Xls));
        assert_eq!(sniff(&ole, "汇报.ppt"), Ok(Kind::Ppt));
        assert_eq!(sniff(&ole, "setup.msi"), Err(LEGACY_EXT));
        assert_eq!(sniff(&ole, "noext"), Err(LEGACY_EXT));
    }

    #[test]
    fn ooxml_by_its_parts() {
        assert_eq!(sniff(&ooxml("word/document.xml"), "a.docx"), Ok(Kind::Docx));
        assert_eq!(sniff(&ooxml("xl/workbook.xml"), "a.xlsx"), Ok(Kind::Xlsx));
        assert_eq!(
            sniff(&ooxml("ppt/presentation.xml"), "a.pptx"),
            Ok(Kind::Pptx)
        );
        // Word named .pdf is still Word.
        assert_eq!(sniff(&ooxml("word/document.xml"), "a.pdf"), Ok(Kind::Docx));
        let macro_doc = zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<x/>"),
            ("word/vbaProject.bin", b"\0"),
        ]);
        assert_eq!(sniff(&macro_doc, "a.docm"), Err(MACROS));
        // [Content_Types].xml alone names no Office document.
        assert!(sniff(&ooxml("other/thing.xml"), "a.docx").is_err());
    }

    #[test]
    fn opendocument_and_ofd() {
        let odt = zip(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<x/>"),
        ]);
        assert_eq!(sniff(&odt, "a.odt"), Ok(Kind::Odt));
        let ods = zip(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )]);
        assert_eq!(sniff(&ods, "a.ods"), Ok(Kind::Ods));
        let epub = zip(&[("mimetype", b"application/epub+zip")]);
        assert!(sniff(&epub, "a.epub").is_err());
        let ofd = zip(&[("OFD.xml", b"<ofd:OFD/>"), ("Doc_0/Document.xml", b"<x/>")]);
        assert_eq!(sniff(&ofd, "a.ofd"), Ok(Kind::Ofd));
    }

    #[test]
    fn everything_else_is_refused() {
        let html = b"<!DOCTYPE html><script>alert(1)</script>";
        assert_eq!(sniff(html, "report.pdf"), Err(REFUSED));
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0", "report.pdf"), Err(REFUSED));
        assert_eq!(sniff(b"\x7fELF\x02\x01", "a.doc"), Err(REFUSED));
        assert_eq!(sniff(b"", "a.pdf"), Err(REFUSED));
        assert_eq!(sniff(b"GIF89a", "a.gif"), Err(REFUSED));
        // A plain archive, or a zip whose directory is cut off.
        let plain = zip(&[("readme.txt", b"hi")]);
        assert_eq!(sniff(&plain, "a.zip"), Err(REFUSED));
        let docx = ooxml("word/document.xml");
        assert_eq!(sniff(&docx[..docx.len() - 30], "a.docx"), Err(REFUSED));
        assert_eq!(sniff(b"PK\x03\x04", "a.docx"), Err(REFUSED));
    }

    #[test]
    fn extensions() {
        assert_eq!(extension("a.PDF").as_deref(), Some("pdf"));
        assert_eq!(extension(".bashrc"), None);
        assert_eq!(extension("noext"), None);
        assert_eq!(extension("a.tar.gz").as_deref(), Some("gz"));
    }
}
