/**
 * Photos are made small on the phone before they are kept or sent: a 4000×3000 camera photo is 5–10 MB, which on
 * a 128 kbit/s link is minutes per photo; at 1600 px and JPEG 0.85 it is a few hundred KB and still shows a rash
 * or a wound clearly.
 */
export const MAX_SIDE = 1600;
export const JPEG_QUALITY = 0.85;

/** Thrown when the browser cannot decode the photo (HEIC outside Safari, a broken file). */
export class UnreadablePhotoError extends Error {
  constructor(readonly heic: boolean) {
    super(heic ? 'HEIC photo this browser cannot read' : 'photo this browser cannot read');
  }
}

function looksLikeHeic(file: Blob): boolean {
  return /hei[cf]/i.test(file.type) || ('name' in file && /\.hei[cf]$/i.test(String(file.name)));
}

export interface ResizedPhoto {
  blob: Blob;
  width: number;
  height: number;
}

export async function resizePhoto(file: Blob): Promise<ResizedPhoto> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new UnreadablePhotoError(looksLikeHeic(file));
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new UnreadablePhotoError(false);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
  return { blob, width, height };
}

/** Hex SHA-256, as the upload's X-Content-SHA256 header and the visit's declaration carry it. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
