'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { transcribeChunk, TranscribeError, type TranscriptSegment } from './transcribe-chunk';

/** A few seconds per chunk: the transcript keeps up with the talk, and each request stays small. */
const CHUNK_MS = 5_000;

export type TranscriptionState = 'idle' | 'starting' | 'recording' | 'finishing';

/** Why transcription stopped by itself: no microphone, no recorder, or the API's code (null: no answer). */
export type TranscriptionProblem =
  { kind: 'microphone' } | { kind: 'unsupported' } | { kind: 'api'; code: string | null };

/**
 * Records the stream as whole audio files of CHUNK_MS each: a new recorder every CHUNK_MS, so every chunk is a
 * file a speech-to-text model can read on its own (a `timeslice` fragment after the first has no container
 * header). The next recorder starts before the previous one stops, so no speech falls between two chunks.
 * Answers the stop: the microphone is released at once, the last chunk still comes, then `onStopped`.
 */
function recordInChunks(
  stream: MediaStream,
  onChunk: (chunk: Blob) => void,
  onStopped: () => void,
): () => void {
  let recorder: MediaRecorder | null = null;
  let timer: number | undefined;
  let over = false;
  const next = () => {
    const fresh = new MediaRecorder(stream);
    fresh.ondataavailable = (event) => {
      if (event.data.size > 0)
        onChunk(new Blob([event.data], { type: event.data.type || fresh.mimeType }));
    };
    // A recorder's last chunk comes before its `stop` event.
    fresh.onstop = () => {
      if (over && recorder === fresh) onStopped();
    };
    fresh.start();
    const previous = recorder;
    recorder = fresh;
    if (previous?.state === 'recording') previous.stop();
    timer = window.setTimeout(next, CHUNK_MS);
  };
  next();
  return () => {
    if (over) return;
    over = true;
    window.clearTimeout(timer);
    if (recorder?.state === 'recording') recorder.stop();
    else onStopped();
    for (const track of stream.getTracks()) track.stop();
  };
}

/**
 * The clinician's microphone, transcribed while the visit is active: each chunk is posted as soon as it is
 * complete, one after the other, so the server numbers them in the order they were spoken. The first refusal
 * (consent missing, the AI gateway down, the visit over) stops transcription and says why; the chunks after it
 * are not sent, they would be refused the same way.
 */
export function useTranscription(
  sessionId: string,
  onSegment: (segment: TranscriptSegment) => void,
): {
  state: TranscriptionState;
  problem: TranscriptionProblem | null;
  start: () => Promise<void>;
  stop: () => void;
} {
  const [state, setState] = useState<TranscriptionState>('idle');
  const [problem, setProblem] = useState<TranscriptionProblem | null>(null);
  const stopRecording = useRef<(() => void) | null>(null);
  const segmentSink = useRef(onSegment);
  useEffect(() => {
    segmentSink.current = onSegment;
  }, [onSegment]);

  const start = useCallback(async () => {
    if (stopRecording.current) return;
    setProblem(null);
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      setProblem({ kind: 'unsupported' });
      return;
    }
    setState('starting');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true },
      });
    } catch {
      setState('idle');
      setProblem({ kind: 'microphone' });
      return;
    }
    let queue = Promise.resolve();
    let refused = false;
    const stop = recordInChunks(
      stream,
      (chunk) => {
        queue = queue.then(async () => {
          if (refused) return;
          try {
            segmentSink.current(await transcribeChunk(sessionId, chunk));
          } catch (error) {
            refused = true;
            setProblem({ kind: 'api', code: error instanceof TranscribeError ? error.code : null });
            stop();
          }
        });
      },
      () =>
        void queue.then(() => {
          stopRecording.current = null;
          setState('idle');
        }),
    );
    stopRecording.current = stop;
    setState('recording');
  }, [sessionId]);

  const stop = useCallback(() => {
    if (!stopRecording.current) return;
    setState('finishing');
    stopRecording.current();
  }, []);

  // Leaving the visit room (or the visit ending) releases the microphone.
  useEffect(() => () => stopRecording.current?.(), []);

  return { state, problem, start, stop };
}
