/** English strings of the patient pages. Every other language has exactly these keys (see Dictionary). */
export const en = {
  metaTitle: 'Your video visit',
  skipLink: 'Skip to main content',
  languageLabel: 'Language',
  languageSwitch: 'دری',
  languageSwitchLang: 'fa-AF',
  languageSwitchName: 'Switch to Dari',
  productName: 'Virtual Care',
  visitWith: 'Video visit with {tenant}',
  visitTime: 'Visit time',
  consentHeading: 'What you agreed to',
  consentText:
    'You agreed to have this visit by video. Your clinician sees and hears you through a private, encrypted connection. The visit is not recorded unless you agreed to recording separately. You can stop the visit at any time, and you can ask for an in-person appointment instead.',
  deviceHeading: 'Check your camera and microphone',
  deviceIntro: 'Your browser will ask to use the camera and microphone. Only you see this preview.',
  deviceStart: 'Start the check',
  deviceAsking: 'Waiting for your browser…',
  devicePreview: 'Your camera preview',
  micLevel: 'Microphone level',
  micHint: 'Say a few words: the bar should move.',
  deviceOk: 'Your camera and microphone are working.',
  deviceAudioOk: 'Your microphone is working.',
  deniedTitle: 'The camera or microphone is blocked',
  deniedHelp:
    'Tap the lock or camera icon next to the web address, allow the camera and microphone for this page, then press "Try again". You can also continue with audio only.',
  missingTitle: 'No camera or microphone found',
  missingHelp:
    'Check that a camera and microphone are connected and not used by another app, then press "Try again".',
  unsupportedTitle: 'This browser cannot check your devices',
  unsupportedHelp:
    'Open your link in an up-to-date Chrome, Firefox, Edge or Safari. You can still continue.',
  tryAgain: 'Try again',
  audioOnly: 'Audio only (camera off)',
  audioOnlyHelp: 'Uses much less data on a weak connection. You can change it at any time.',
  enterWaitingRoom: 'Enter the waiting room',
  entering: 'Entering…',
  waitingHeading: 'You are in the waiting room',
  waitingStatus: 'The clinician will admit you. Please keep this page open.',
  timeWaited: 'Time waited',
  connectionHeading: 'If the connection drops',
  connectionHelp:
    'Stay on this page: it reconnects by itself. If the page closes, open your link again. Your place is kept for a few minutes.',
  reconnecting: 'Connection lost. Trying again…',
  admittedHeading: 'Your visit has started',
  openingVideo: 'Opening the video…',
  videoRegion: 'Video visit',
  videoFailed: 'The video could not open. Check your connection and reload this page.',
  endedTitle: 'Your visit has ended',
  endedBody: 'Thank you. You can close this page now.',
  errorGeneric: 'Something went wrong. Please try again in a moment.',
  errors: {
    expired: {
      title: 'This link has expired',
      body: 'Join links work only around the time of the visit. Please contact your clinic for a new link.',
    },
    cancelled: {
      title: 'This visit is no longer open',
      body: 'The visit was cancelled or has already ended. If you still need care, please contact your clinic.',
    },
    invalid: {
      title: 'This link is not valid',
      body: 'The link may be incomplete. Open it again from the message your clinic sent you, or ask them to send it again.',
    },
    notYet: {
      title: 'It is too early to join',
      body: 'This link opens shortly before your visit. Please come back closer to the visit time.',
    },
    removed: {
      title: 'You cannot join this visit',
      body: 'The clinic closed your access to this visit. Please contact them if you think this is a mistake.',
    },
    unavailable: {
      title: 'The visit service is busy',
      body: 'We could not reach the video service just now. Please wait a minute and open your link again.',
    },
    missing: {
      title: 'Open your visit link',
      body: 'To join a video visit, open the link your clinic sent you by text message or email.',
    },
  },
  reference: 'Reference for the clinic',
  contactClinic: 'Need help? Call your clinic.',
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Dictionary = Widen<typeof en>;
export type JoinErrorKind = keyof Dictionary['errors'];
