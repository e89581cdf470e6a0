//! Making renditions: a photo's bytes → decoded, upright pixels → resized
//! (fast_image_resize, Lanczos3) → encoded (libwebp for WebP,
//! `jpeg-encoder` for JPEG, `image` for PNG) into the cache folder of its
//! hash.

use super::cache::{rendition, write_atomic};
use super::{Format, MAX_SIDE, Photo, Rendition};
use std::collections::BTreeMap;
use std::path::Path;

const WEBP_QUALITY: f32 = 75.0;
const JPEG_QUALITY: u8 = 80;

/// Make the renditions of `p` that `settings_dir` lacks. Tells whether it
/// made any.
pub(super) fn make(p: &Photo, settings_dir: &Path) -> Result<bool, String> {
    let dir = settings_dir.join(&p.hash);
    let missing: Vec<&Rendition> = p
        .renditions
        .iter()
        .filter(|r| !rendition(&dir, r).is_file())
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let fail = |e: String| format!("{}: {e}", p.shown);
    let bytes = std::fs::read(&p.source).map_err(|e| fail(format!("cannot read: {e}")))?;
    let image = decode(&bytes).map_err(|e| fail(format!("cannot decode the image: {e}")))?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("cannot create folder `{}`: {e}", dir.display()))?;
    let mut by_width: BTreeMap<u32, Vec<&Rendition>> = BTreeMap::new();
    for r in missing {
        by_width.entry(r.width).or_default().push(r);
    }
    for (w, rs) in by_width {
        let h = rs[0].height;
        let pixels = resize(&image, w, h).map_err(fail)?;
        for r in rs {
            let bytes = encode(&pixels, w, h, image.alpha, r.format).map_err(fail)?;
            let to = rendition(&dir, r);
            write_atomic(&to, &bytes).map_err(|e| format!("{e:#}"))?;
        }
    }
    Ok(true)
}

/// Width, height (after the EXIF orientation) and transparency, from the
/// headers only.
pub(super) fn header(bytes: &[u8]) -> Result<(u32, u32, bool), String> {
    use image::ImageDecoder;
    let mut decoder = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .into_decoder()
        .map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    let turned = matches!(
        decoder
            .orientation()
            .unwrap_or(image::metadata::Orientation::NoTransforms),
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    let alpha = decoder.color_type().has_alpha();
    Ok(if turned { (h, w, alpha) } else { (w, h, alpha) })
}

/// A decoded photo: 8-bit RGB or RGBA pixels, upright.
struct Decoded {
    image: image::DynamicImage,
    alpha: bool,
}

fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    use image::ImageDecoder;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(1 << 30);
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let alpha = decoder.color_type().has_alpha();
    let mut image = image::DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    let image = if alpha {
        image::DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        image::DynamicImage::ImageRgb8(image.into_rgb8())
    };
    Ok(Decoded { image, alpha })
}

fn resize(src: &Decoded, w: u32, h: u32) -> Result<Vec<u8>, String> {
    use fast_image_resize::{FilterType, IntoImageView, ResizeAlg, ResizeOptions, Resizer};
    let pixel = src
        .image
        .pixel_type()
        .ok_or_else(|| "unsupported pixel type".to_string())?;
    let mut dst = fast_image_resize::images::Image::new(w, h, pixel);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&src.image, &mut dst, &options)
        .map_err(|e| format!("cannot resize: {e}"))?;
    Ok(dst.into_vec())
}

fn encode(pixels: &[u8], w: u32, h: u32, alpha: bool, format: Format) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let color = if alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    match format {
        Format::Webp => {
            let layout = if alpha {
                webp::PixelLayout::Rgba
            } else {
                webp::PixelLayout::Rgb
            };
            out.extend_from_slice(&webp::Encoder::new(pixels, layout, w, h).encode(WEBP_QUALITY));
        }
        Format::Jpeg => {
            // 4:2:0 chroma and optimised Huffman tables, as photo
            // encoders do; JPEG has no transparency, so alpha is dropped.
            let mut enc = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
            enc.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
            enc.set_optimized_huffman_tables(true);
            let color = if alpha {
                jpeg_encoder::ColorType::Rgba
            } else {
                jpeg_encoder::ColorType::Rgb
            };
            let (w, h) = (u16::try_from(w), u16::try_from(h));
            let (Ok(w), Ok(h)) = (w, h) else {
                return Err("too large for JPEG".into());
            };
            enc.encode(pixels, w, h, color)
                .map_err(|e| format!("cannot encode JPEG: {e}"))?;
        }
        Format::Png => image::codecs::png::PngEncoder::new(&mut out)
            .write_image(pixels, w, h, color)
            .map_err(|e| format!("cannot encode PNG: {e}"))?,
    }
    Ok(out)
}
