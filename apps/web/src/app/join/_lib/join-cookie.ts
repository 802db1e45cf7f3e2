/** The join link's token lives here after the first visit (HttpOnly, SameSite=Strict, Path=/join). */
export const JOIN_COOKIE = 'vc_join';
export const JOIN_COOKIE_MAX_AGE = 12 * 60 * 60;
