/** Where the web app serves the waiting room; the domain does not know the app's routes. */
export interface JoinLinkPort {
  waitingRoomUrl(input: { sessionId: string; participantId: string }): string;
}
