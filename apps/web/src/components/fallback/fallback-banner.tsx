import type { ConnectionFallback } from './use-connection-fallback';

/** The banner's sentences; each page hands over its own (the patient's compiled ones, the clinician's). */
export type FallbackText = (
  key:
    | 'weak'
    | 'switch'
    | 'keepVideo'
    | 'audioOnlyWeak'
    | 'audioOnlyChosen'
    | 'audioOnlyOther'
    | 'better'
    | 'videoOn'
    | 'stayAudio',
) => string;

/**
 * In the call: "Your connection is weak. Switch to audio only?" with its two answers, or, on audio only, why
 * and a one-tap way back to video. A live region kept in the page while empty, so what appears is announced.
 */
export function FallbackBanner({
  fallback,
  text,
}: {
  fallback: ConnectionFallback;
  text: FallbackText;
}) {
  const { profile, reason, offer, choose, decline } = fallback;
  return (
    <div role="status" className="vc-fallback">
      {profile === 'video' && offer === 'audio_only' ? (
        <div className="vc-alert vc-alert--warning vc-fallback__body">
          <p>{text('weak')}</p>
          <div className="vc-fallback__actions">
            <button
              type="button"
              className="vc-button vc-button--primary"
              onClick={() => choose('audio_only')}
            >
              {text('switch')}
            </button>
            <button type="button" className="vc-button vc-button--secondary" onClick={decline}>
              {text('keepVideo')}
            </button>
          </div>
        </div>
      ) : null}
      {profile === 'audio_only' ? (
        <div className="vc-alert vc-alert--info vc-fallback__body">
          <p>
            {text(
              reason === 'measured'
                ? 'audioOnlyWeak'
                : reason === 'chosen'
                  ? 'audioOnlyChosen'
                  : 'audioOnlyOther',
            )}
          </p>
          {offer === 'video' ? <p>{text('better')}</p> : null}
          <div className="vc-fallback__actions">
            <button
              type="button"
              className="vc-button vc-button--primary"
              onClick={() => choose('video')}
            >
              {text('videoOn')}
            </button>
            {offer === 'video' ? (
              <button type="button" className="vc-button vc-button--secondary" onClick={decline}>
                {text('stayAudio')}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
