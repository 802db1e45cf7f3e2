import { useCallback, useEffect, useRef, useState } from 'react';
import { displayNameOf, kickedOf, participantIdOf, type JitsiApi } from '../jitsi-loader';
import type { SessionDetail } from './visit-room';

/**
 * The names the call shows of the participants removed from the visit, less any name someone still in the visit goes
 * by (a patient removed, then invited again, keeps their name: the new invitation must not be kicked).
 */
export function removedNames(participants: SessionDetail['participants']): string[] {
  const kept = new Set(
    participants.filter((p) => p.status !== 'removed').map((p) => p.displayName),
  );
  const names = participants
    .filter((p) => p.status === 'removed' && p.displayName !== null && !kept.has(p.displayName))
    .map((p) => p.displayName as string);
  return [...new Set(names)].sort();
}

/**
 * The clinician's page is the call's moderator, and Jitsi has no server-side kick (decision 0040): whoever in the
 * call goes by a removed participant's name is kicked, when the removal lands and whenever they come back while the
 * page is open. Returns what the page calls with the call's API once it opened (null once it closed).
 */
export function useRemovedOutOfCall(removed: readonly string[]): (api: JitsiApi | null) => void {
  const apiRef = useRef<JitsiApi | null>(null);
  const [present, setPresent] = useState<ReadonlyMap<string, string>>(() => new Map());
  const attach = useCallback((api: JitsiApi | null) => {
    apiRef.current = api;
    setPresent(new Map());
    if (!api) return;
    const people = new Map<string, string>();
    const changed = () => setPresent(new Map(people));
    api.addListener('participantJoined', (data) => {
      const id = participantIdOf(data);
      if (!id) return;
      people.set(id, displayNameOf(data) ?? '');
      changed();
    });
    const gone = (id: string | null | undefined) => {
      if (id && people.delete(id)) changed();
    };
    api.addListener('participantLeft', (data) => gone(participantIdOf(data)));
    api.addListener('participantKickedOut', (data) => gone(kickedOf(data)?.id));
  }, []);
  // One string, so a new list with the same names (every poll of the visit) kicks no one twice.
  const key = removed.join('\n');
  useEffect(() => {
    const api = apiRef.current;
    if (!api || key === '') return;
    const names = new Set(key.split('\n'));
    for (const [id, name] of present)
      if (names.has(name)) api.executeCommand('kickParticipant', id);
  }, [present, key]);
  return attach;
}
