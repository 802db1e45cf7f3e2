/** What the sign-in form shows after a submit (kept apart: a 'use server' file may only export functions). */
export interface SignInFormState {
  email: string;
  fieldErrors: { email?: string; password?: string };
  /** The one generic message; never says which part was wrong. */
  error: string | null;
}

export const initialSignInFormState: SignInFormState = { email: '', fieldErrors: {}, error: null };
