import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

export interface CameraPhotos {
  files: string[];
  totalBytes: number;
}

/**
 * Photos as a phone's camera takes them: 4000×3000 JPEG at quality 0.92, drawn by the browser (skin-toned
 * gradients, red blotches, sensor noise), so each weighs a few MB like a real one instead of compressing to nothing.
 */
export async function cameraPhotos(page: Page, dir: string, count: number): Promise<CameraPhotos> {
  const files: string[] = [];
  let totalBytes = 0;
  for (let seed = 1; seed <= count; seed += 1) {
    const base64 = await page.evaluate(drawPhoto, seed);
    const photo = Buffer.from(base64, 'base64');
    const file = path.join(dir, `photo-${seed}.jpg`);
    writeFileSync(file, photo);
    files.push(file);
    totalBytes += photo.length;
  }
  return { files, totalBytes };
}

/** In the page: one photo as base64 JPEG, the same for the same seed. */
async function drawPhoto(seed: number): Promise<string> {
  let state = Math.imul(seed, 2654435761) >>> 0;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  const [width, height] = [4000, 3000];
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  const skin = context.createLinearGradient(0, 0, width, height);
  skin.addColorStop(0, `hsl(${20 + random() * 10}, 45%, ${55 + random() * 15}%)`);
  skin.addColorStop(1, `hsl(${15 + random() * 10}, 40%, ${35 + random() * 15}%)`);
  context.fillStyle = skin;
  context.fillRect(0, 0, width, height);
  for (let i = 0; i < 60; i += 1) {
    const [x, y, radius] = [random() * width, random() * height, 40 + random() * 400];
    const blotch = context.createRadialGradient(x, y, 0, x, y, radius);
    blotch.addColorStop(0, `hsla(${350 + random() * 20}, 60%, ${35 + random() * 20}%, 0.8)`);
    blotch.addColorStop(1, 'hsla(0, 60%, 40%, 0)');
    context.fillStyle = blotch;
    context.beginPath();
    context.arc(x, y, radius, 0, Math.PI * 2);
    context.fill();
  }
  const image = context.getImageData(0, 0, width, height);
  const pixels = image.data;
  for (let i = 0; i < pixels.length; i += 4) {
    const noise = (random() - 0.5) * 20;
    pixels[i] = pixels[i]! + noise;
    pixels[i + 1] = pixels[i + 1]! + noise;
    pixels[i + 2] = pixels[i + 2]! + noise + (random() - 0.5) * 10;
  }
  context.putImageData(image, 0, 0);
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no JPEG'))), 'image/jpeg', 0.92),
  );
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
