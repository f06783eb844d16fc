/**
 * Imported images through Astro's image pipeline. The WordPress import puts
 * images in src/assets/wordpress/ and names them `/media/wordpress/<file>` in
 * content; here each `<img>` naming one gets its width and height (no layout
 * shift), WebP variants in `srcset` with `sizes`, and lazy loading, and each
 * link to one leads to a full-size copy in its own format. A name with no file
 * behind it is left as written, so the build's link check reports it.
 */
import type { ImageMetadata } from 'astro';
import { getImage } from 'astro:assets';
import { IMAGE_DIR, MEDIA_URL_PREFIX } from '../data/imported-media.ts';
import {
  COLUMN_WIDTH_PX,
  findMediaTags,
  formatStartTag,
  planImage,
  replaceTags,
  type MediaTag,
} from './html-images.ts';

/** Every image in `IMAGE_DIR`, loaded on first use (a glob must be a literal: it spells the folder out). */
const images = import.meta.glob<ImageMetadata>(
  '/src/assets/wordpress/**/*.{avif,gif,jpeg,jpg,png,webp,AVIF,GIF,JPEG,JPG,PNG,WEBP}',
  { import: 'default' },
);
const folder = `/${IMAGE_DIR}/`;

/** The image a media file names, if it is one the pipeline holds. */
async function loadImage(file: string): Promise<ImageMetadata | undefined> {
  return images[`${folder}${file}`]?.();
}

/**
 * The tag that replaces one `<img>`: the planned size, variants and lazy
 * loading, or, for the image likely to be the page's largest paint, eager
 * loading at high priority.
 */
async function optimizeImage(tag: MediaTag, image: ImageMetadata, eager: boolean): Promise<string> {
  const { srcset: _srcset, sizes: _sizes, ...kept } = tag.attributes;
  const plan = planImage(tag.attributes, image, COLUMN_WIDTH_PX);
  const result = await getImage({
    src: image,
    width: plan.width,
    height: plan.height,
    widths: [...plan.widths],
    sizes: plan.sizes,
  });
  return formatStartTag('img', {
    ...kept,
    src: result.src,
    srcset: result.srcSet.attribute,
    sizes: plan.sizes,
    width: plan.width,
    height: plan.height,
    loading: eager ? 'eager' : 'lazy',
    decoding: 'async',
    fetchpriority: eager ? 'high' : undefined,
  });
}

/** The tag that replaces one link to an image: the same link to a full-size copy. */
async function linkFullSize(tag: MediaTag, image: ImageMetadata): Promise<string> {
  const result = await getImage({ src: image, format: image.format });
  return formatStartTag('a', { ...tag.attributes, href: result.src });
}

/**
 * `html` with every imported image optimised and every link to one pointing
 * at its full-size copy. With `eagerFirstImage` (a post's own page, where its
 * first image is near the top) the first image loads at once instead of lazily.
 */
export async function optimizeImportedImages(
  html: string,
  options: { readonly eagerFirstImage?: boolean } = {},
): Promise<string> {
  if (!html.includes(MEDIA_URL_PREFIX)) return html;
  const found = await Promise.all(
    findMediaTags(html, MEDIA_URL_PREFIX).map(async (tag) => ({
      tag,
      image: await loadImage(tag.file),
    })),
  );
  const held = found.filter(
    (item): item is { tag: MediaTag; image: ImageMetadata } => item.image !== undefined,
  );
  const first = options.eagerFirstImage ? held.find(({ tag }) => tag.name === 'img') : undefined;
  const replacements = await Promise.all(
    held.map(async ({ tag, image }) => ({
      start: tag.start,
      end: tag.end,
      text:
        tag.name === 'img'
          ? await optimizeImage(tag, image, tag === first?.tag)
          : await linkFullSize(tag, image),
    })),
  );
  return replaceTags(html, replacements);
}
