/** Source of unguessable characters (room slugs); the domain has no crypto of its own. */
export interface RandomPort {
  /** `length` characters from [a-z0-9]. */
  alphanumeric(length: number): string;
}
