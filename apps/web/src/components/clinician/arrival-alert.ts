'use client';

import { useEffect, useRef } from 'react';

/**
 * "No patient is missed": a short beep (Web Audio, no sound file) when someone new arrives, and the
 * count of waiting patients in the tab title, "(1) Dashboard · Virtual Care".
 */
export function useArrivalAlert(waitingIds: readonly string[]): void {
  const known = useRef<Set<string> | null>(null);
  const audio = useRef<AudioContext | null>(null);
  const baseTitle = useRef<string | null>(null);

  // Browsers allow sound only after the user interacted with the page: prepare the context on the first gesture.
  useEffect(() => {
    const unlock = () => {
      if (!audio.current && typeof AudioContext !== 'undefined') audio.current = new AudioContext();
      void audio.current?.resume().catch(() => undefined);
    };
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);

  const key = waitingIds.join(',');
  useEffect(() => {
    const ids = key ? key.split(',') : [];
    baseTitle.current ??= document.title.replace(/^\(\d+\)\s*/, '');
    document.title = ids.length > 0 ? `(${ids.length}) ${baseTitle.current}` : baseTitle.current;
    const previous = known.current;
    known.current = new Set(ids);
    // The first answer is the page's starting point, not an arrival.
    if (previous && ids.some((id) => !previous.has(id))) beep(audio.current);
  }, [key]);

  useEffect(
    () => () => {
      if (baseTitle.current) document.title = baseTitle.current;
      void audio.current?.close().catch(() => undefined);
    },
    [],
  );
}

function beep(context: AudioContext | null): void {
  if (!context) return;
  try {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = 880;
    const start = context.currentTime;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.35);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.4);
  } catch {
    // A missing sound must never break the page.
  }
}
