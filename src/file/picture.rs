//! Projects carried inside exported pictures, so that a PNG or SVG reopens as the project it
//! shows (docs/INTERCHANGE.md). A PNG holds the canonical project text in an `iTXt` chunk with
//! the keyword [`PNG_KEYWORD`], zlib-compressed; an SVG holds it as escaped text in a
//! `<dlt:project>` element of namespace [`SVG_NAMESPACE`] inside `<metadata>`. Both are made
//! here (the exporters write them) and read here, by [`super::load`], so every command and the
//! editor open such a picture like a project file. Reading is bounded by the file limits; a
//! damaged or tampered chunk is an error saying where, never a panic.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

use super::limits::{MAX_FILE_BYTES, line_col};
use super::{LoadError, Loaded, parse, to_text};
use crate::model::Project;

/// The keyword of the PNG `iTXt` chunk that carries the project.
pub const PNG_KEYWORD: &str = "dlt-modeller project";
/// The XML namespace of the `<project>` element an SVG carries the project in.
pub const SVG_NAMESPACE: &str = "urn:dlt-modeller:project";
/// The PNG file signature.
const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
/// The longest chunk the reader looks into: a PNG chunk's length is at most 2³¹ − 1.
const MAX_CHUNK: u32 = i32::MAX as u32;

/// The kinds of picture a project can travel in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Picture {
    Png,
    Svg,
}

impl Picture {
    /// What the first bytes of a file say it is: a PNG (its signature), an SVG (text whose first
    /// non-blank character is `<`), or neither (a project file, which starts with `//` or `(`).
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(&PNG_SIGNATURE) {
            return Some(Self::Png);
        }
        let text = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
        let first = text.iter().find(|b| !b.is_ascii_whitespace());
        (first == Some(&b'<')).then_some(Self::Svg)
    }
}

/// The kind of picture the file at `path` is, by its first bytes; `None` for anything else
/// (and for a file that cannot be read: loading it then says why).
pub fn kind_of(path: &Path) -> Option<Picture> {
    let mut head = Vec::with_capacity(64);
    File::open(path).ok()?.take(64).read_to_end(&mut head).ok()?;
    Picture::sniff(&head)
}

/// Loads the project a picture carries, as [`super::load`] loads a file; errors name the file.
pub(super) fn load(path: &Path, kind: Picture) -> Result<Loaded, LoadError> {
    let read = || {
        let file = File::open(path).map_err(|e| LoadError::whole(format!("cannot open: {e}")))?;
        let text = project_text(kind, BufReader::new(file))?;
        let loaded = parse(&text).map_err(|e| LoadError {
            message: format!("the project inside the picture: {}", e.message),
            ..e
        })?;
        Ok(Loaded {
            from_picture: true,
            ..loaded
        })
    };
    read().map_err(|e: LoadError| e.in_file(path))
}

/// The data of the PNG `iTXt` chunk carrying `project`: keyword, compressed flag and method,
/// empty language and translated keyword, then the zlib-compressed canonical text.
pub fn png_chunk(project: &Project) -> Vec<u8> {
    let mut data = Vec::with_capacity(1024);
    data.extend_from_slice(PNG_KEYWORD.as_bytes());
    data.extend_from_slice(&[0, 1, 0, 0, 0]);
    let mut zlib = ZlibEncoder::new(data, Compression::default());
    // Writing into memory cannot fail.
    let _ = zlib.write_all(to_text(project).as_bytes());
    zlib.finish().unwrap_or_default()
}

/// The `<metadata>` element carrying `project` in an SVG (its canonical text, XML-escaped).
pub fn svg_metadata(project: &Project) -> String {
    let text = to_text(project);
    let mut out = String::with_capacity(text.len() + 200);
    out.push_str("<metadata>\n<dlt:project xmlns:dlt=\"");
    out.push_str(SVG_NAMESPACE);
    out.push_str("\">");
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Kept exactly: XML would otherwise read a carriage return as a line feed.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out.push_str("</dlt:project>\n</metadata>\n");
    out
}

/// The project text a picture carries. A picture without one, or whose chunk is damaged, is an
/// error saying so (and where).
pub fn project_text(kind: Picture, reader: impl Read + Seek) -> Result<String, LoadError> {
    match kind {
        Picture::Png => png_project_text(reader),
        Picture::Svg => {
            let mut text = String::new();
            reader
                .take(MAX_FILE_BYTES + 1)
                .read_to_string(&mut text)
                .map_err(|e| LoadError::whole(format!("cannot read the SVG as UTF-8 text: {e}")))?;
            if text.len() as u64 > MAX_FILE_BYTES {
                return Err(super::limits::too_big(text.len() as u64));
            }
            svg_project_text(&text)
        }
    }
}

/// The project text in a PNG's `iTXt` chunk of keyword [`PNG_KEYWORD`]. Chunks other than text
/// chunks are skipped without being read, so a big image costs a few seeks.
pub fn png_project_text(mut reader: impl Read + Seek) -> Result<String, LoadError> {
    let mut signature = [0; 8];
    reader
        .read_exact(&mut signature)
        .map_err(|_| LoadError::whole("not a PNG: the file is shorter than a PNG signature"))?;
    if signature != PNG_SIGNATURE {
        return Err(LoadError::whole("not a PNG: the signature is wrong"));
    }
    let mut offset: u64 = 8;
    loop {
        let at = |what: String| LoadError::whole(format!("byte {offset}: {what}"));
        let mut head = [0; 8];
        if reader.read_exact(&mut head).is_err() {
            return Err(at(
                "the PNG ends without an IEND chunk and holds no dlt-modeller project".into(),
            ));
        }
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let kind = [head[4], head[5], head[6], head[7]];
        if len > MAX_CHUNK {
            return Err(at(format!(
                "a chunk claims {len} bytes, more than a PNG chunk may hold"
            )));
        }
        if &kind == b"IEND" {
            return Err(LoadError::whole(no_project_in("PNG")));
        }
        if &kind == b"iTXt" {
            if let Some(text) = read_itxt(&mut reader, len, offset)? {
                return Ok(text);
            }
        } else {
            reader
                .seek(SeekFrom::Current(i64::from(len) + 4))
                .map_err(|e| at(format!("cannot skip a chunk: {e}")))?;
        }
        offset += 12 + u64::from(len);
    }
}

/// Reads an `iTXt` chunk's data and checksum (the reader just past its type); its text when its
/// keyword is ours, `None` for another keyword.
fn read_itxt(reader: &mut impl Read, len: u32, offset: u64) -> Result<Option<String>, LoadError> {
    let at = |what: String| LoadError::whole(format!("byte {offset}: the dlt-modeller project chunk {what}"));
    let keyword_len = PNG_KEYWORD.len() as u32 + 1;
    let mut keyword = vec![0; keyword_len.min(len) as usize];
    reader.read_exact(&mut keyword).map_err(|_| at("is cut short".into()))?;
    if len < keyword_len || keyword[..keyword.len() - 1] != *PNG_KEYWORD.as_bytes() || keyword.last() != Some(&0) {
        let mut rest = reader.take(u64::from(len - keyword.len() as u32) + 4);
        io::copy(&mut rest, &mut io::sink()).map_err(|e| at(format!("cannot be skipped: {e}")))?;
        return Ok(None);
    }
    if u64::from(len) > MAX_FILE_BYTES {
        return Err(at(format!(
            "is {len} bytes; the limit is {MAX_FILE_BYTES} bytes (256 MiB)"
        )));
    }
    let mut data = keyword;
    data.resize(len as usize, 0);
    let mut crc = [0; 4];
    reader
        .read_exact(&mut data[keyword_len as usize..])
        .and_then(|()| reader.read_exact(&mut crc))
        .map_err(|_| at("is cut short".into()))?;
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(b"iTXt");
    hasher.update(&data);
    if hasher.finalize() != u32::from_be_bytes(crc) {
        return Err(at(
            "is damaged: its checksum does not match its content (changed after export?)".into(),
        ));
    }
    itxt_text(&data[keyword_len as usize..]).map(Some).map_err(at)
}

/// The text of an `iTXt` chunk after its keyword: compression flag and method, language tag,
/// translated keyword, text (zlib-compressed when the flag is 1).
fn itxt_text(rest: &[u8]) -> Result<String, String> {
    let [flag, method, rest @ ..] = rest else {
        return Err("is cut short".into());
    };
    let mut fields = rest.splitn(3, |&b| b == 0);
    let (Some(_language), Some(_translated), Some(body)) = (fields.next(), fields.next(), fields.next()) else {
        return Err("lacks its language or translated keyword".into());
    };
    let bytes = match (flag, method) {
        (0, _) => body.to_vec(),
        (1, 0) => inflate(body)?,
        _ => return Err(format!("has an unknown compression ({flag}, {method})")),
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (at byte {} of the text)",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Inflates a zlib stream, refusing more than [`MAX_FILE_BYTES`] of output.
fn inflate(compressed: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    ZlibDecoder::new(compressed)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot be decompressed: {e}"))?;
    if out.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "holds more than {MAX_FILE_BYTES} bytes (256 MiB) of text, the limit"
        ));
    }
    Ok(out)
}

/// The project text in an SVG's `<project>` element of namespace [`SVG_NAMESPACE`].
pub fn svg_project_text(svg: &str) -> Result<String, LoadError> {
    let mut reader = quick_xml::NsReader::from_str(svg);
    let mut root: Option<String> = None;
    let mut inside: Option<String> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            let (line, col) = line_col(svg, usize::try_from(reader.error_position()).unwrap_or(svg.len()));
            LoadError::at(line, col, format!("not well-formed XML: {e}"))
        })?;
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(svg.len());
        let in_text = |what: String| {
            let (line, col) = line_col(svg, offset);
            LoadError::at(line, col, format!("the project text: {what}"))
        };
        match (event, &mut inside) {
            (Event::Start(start), None) if is_project(&reader, &start) => inside = Some(String::new()),
            (Event::Start(start) | Event::Empty(start), None) if root.is_none() => {
                root = Some(String::from_utf8_lossy(start.local_name().as_ref()).into_owned());
            }
            (Event::Text(text), Some(body)) => {
                body.push_str(&text.xml10_content().map_err(|e| in_text(e.to_string()))?)
            }
            (Event::GeneralRef(name), Some(body)) => {
                let reference = String::from_utf8_lossy(&name.into_inner()).into_owned();
                body.push(
                    resolve_reference(&reference).ok_or_else(|| in_text(format!("unknown reference &{reference};")))?,
                );
            }
            (Event::CData(data), Some(body)) => body.push_str(&String::from_utf8_lossy(&data)),
            (Event::End(_), Some(body)) => return Ok(std::mem::take(body)),
            (Event::Eof, _) => {
                let what = match root.as_deref() {
                    Some("mxfile") => "a draw.io file; bring it in with `dlt-modeller import`".to_string(),
                    _ => no_project_in("SVG"),
                };
                return Err(LoadError::whole(what));
            }
            _ => {}
        }
    }
}

/// Whether `start` opens the `<project>` element of [`SVG_NAMESPACE`].
fn is_project(reader: &quick_xml::NsReader<&[u8]>, start: &quick_xml::events::BytesStart) -> bool {
    let (namespace, local) = reader.resolver().resolve_element(start.name());
    matches!(namespace, ResolveResult::Bound(ns) if ns.as_ref() == SVG_NAMESPACE.as_bytes())
        && local.as_ref() == b"project"
}

/// The character of an XML entity or character reference (`amp`, `#13`, `#x41`).
fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// What is said of a picture that carries no project.
fn no_project_in(kind: &str) -> String {
    format!(
        "this {kind} holds no dlt-modeller project (it was exported with --no-embed, or by another program); \
         only pictures exported by dlt-modeller with the project embedded open as projects"
    )
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::model::{Node, Position};

    fn project() -> Project {
        let mut p = Project::new("A <b> & \"c\"\r\n");
        p.nodes
            .insert("n".into(), Node::actor("x ]]> y", Position::new(1.0, 2.0)));
        p
    }

    /// A PNG of only a signature, the given chunks and IEND.
    fn png(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
        let mut out = PNG_SIGNATURE.to_vec();
        for (kind, data) in chunks.iter().chain([&(b"IEND", Vec::new())]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(*kind);
            out.extend_from_slice(data);
            let mut crc = crc32fast::Hasher::new();
            crc.update(*kind);
            crc.update(data);
            out.extend_from_slice(&crc.finalize().to_be_bytes());
        }
        out
    }

    #[test]
    fn the_png_chunk_gives_back_the_canonical_text() {
        let other = b"Comment\0\0\0\0\0hello".to_vec();
        let bytes = png(&[
            (b"iTXt", other),
            (b"IDAT", vec![1, 2, 3]),
            (b"iTXt", png_chunk(&project())),
        ]);
        assert_eq!(png_project_text(Cursor::new(bytes)).unwrap(), to_text(&project()));
    }

    #[test]
    fn the_svg_metadata_gives_back_the_canonical_text() {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            svg_metadata(&project())
        );
        assert_eq!(svg_project_text(&svg).unwrap(), to_text(&project()));
    }

    #[test]
    fn pictures_without_a_project_say_so() {
        let e = png_project_text(Cursor::new(png(&[(b"IDAT", vec![0])]))).unwrap_err();
        assert!(e.message.contains("holds no dlt-modeller project"), "{e}");
        let e = svg_project_text("<svg><metadata/></svg>").unwrap_err();
        assert!(e.message.contains("SVG holds no dlt-modeller project"), "{e}");
        let e = svg_project_text("<mxfile><diagram/></mxfile>").unwrap_err();
        assert!(e.message.contains("draw.io"), "{e}");
    }

    #[test]
    fn a_tampered_chunk_is_refused_with_its_place() {
        let mut bytes = png(&[(b"iTXt", png_chunk(&project()))]);
        let middle = 8 + 8 + 30;
        bytes[middle] ^= 0x40;
        let e = png_project_text(Cursor::new(bytes)).unwrap_err();
        assert_eq!(
            e.message,
            "byte 8: the dlt-modeller project chunk is damaged: its checksum does not match its content (changed after export?)"
        );
        let mut chunk = png_chunk(&project());
        let len = chunk.len();
        chunk[len - 10] ^= 0xff;
        let e = png_project_text(Cursor::new(png(&[(b"iTXt", chunk)]))).unwrap_err();
        assert!(
            e.message
                .starts_with("byte 8: the dlt-modeller project chunk cannot be decompressed"),
            "{e}"
        );
        let mut cut = png(&[(b"iTXt", png_chunk(&project()))]);
        cut.truncate(40);
        let e = png_project_text(Cursor::new(cut)).unwrap_err();
        assert!(e.message.contains("cut short"), "{e}");
    }

    #[test]
    fn broken_svg_is_refused_with_a_line_and_column() {
        let e = svg_project_text("<svg>\n<metadata><a></b></metadata></svg>").unwrap_err();
        assert_eq!(e.position.map(|(line, _)| line), Some(2), "{e}");
    }

    #[test]
    fn sniffing_tells_pictures_from_project_files() {
        assert_eq!(Picture::sniff(&PNG_SIGNATURE), Some(Picture::Png));
        assert_eq!(Picture::sniff(b"\xef\xbb\xbf \n<svg"), Some(Picture::Svg));
        assert_eq!(Picture::sniff(b"// dlt-modeller"), None);
        assert_eq!(Picture::sniff(b"(format"), None);
    }
}
