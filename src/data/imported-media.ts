/**
 * Where the media of an imported blog live. The WordPress import writes them
 * (src/import/wordpress/media.ts) and the post renderer reads them
 * (src/lib/imported-images.ts); content names every file by one site path,
 * `/media/wordpress/<year>/<month>/<file>`, whichever folder holds it.
 */

/** The site path imported media are named by in content. */
export const MEDIA_URL_PREFIX = '/media/wordpress/';

/** Files other than optimised images: copied to the site as they are, served at `MEDIA_URL_PREFIX`. */
export const MEDIA_DIR = 'public/media/wordpress';

/**
 * Images Astro's pipeline optimises. The renderer gives each `<img>` naming
 * one its width, height and responsive variants; a link to one leads to a
 * full-size copy. (The renderer's `import.meta.glob` spells this folder out:
 * a glob must be a literal.)
 */
export const IMAGE_DIR = 'src/assets/wordpress';

/** The files that go to `IMAGE_DIR`: formats Astro's image service reads and browsers show (SVG and TIFF stay files). */
export const OPTIMIZED_IMAGE_FILE = /\.(?:avif|gif|jpe?g|png|webp)$/i;
