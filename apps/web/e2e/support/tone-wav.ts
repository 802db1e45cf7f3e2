import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SAMPLE_RATE = 16_000;

/**
 * A few seconds of tones as a 16-bit mono PCM WAV file, for Chromium's fake microphone
 * (`--use-file-for-fake-audio-capture`, which loops it): the scribe's recorder gets real, non-silent audio.
 * Answers the file's path.
 */
export function writeToneWav(
  seconds = 4,
  tonesHz: readonly number[] = [440, 660, 550, 880],
): string {
  const samples = seconds * SAMPLE_RATE;
  const data = Buffer.alloc(samples * 2);
  const perTone = Math.floor(samples / tonesHz.length);
  for (let i = 0; i < samples; i++) {
    const hz = tonesHz[Math.min(Math.floor(i / perTone), tonesHz.length - 1)] ?? 440;
    data.writeInt16LE(
      Math.round(Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE) * 0.3 * 32767),
      i * 2,
    );
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // PCM format chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'vc-e2e-audio-')), 'tones.wav');
  writeFileSync(file, Buffer.concat([header, data]));
  return file;
}
