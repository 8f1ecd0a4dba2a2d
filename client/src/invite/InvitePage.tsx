import { useEffect, useRef, useState, type FormEvent } from 'react';
import { acceptInvitation } from '../api/admin-api';
import { ApiError } from '../api/api-error';
import { signIn } from '../api/auth-api';
import { navigate } from '../shell/router';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { ErrorNotice } from '../ui/Notice';
import { useAction } from '../ui/use-async';

/** The server's rule (invitationAcceptSchema): at least 12 characters. */
const MIN_LENGTH = 12;

/** The link cannot be spent: unknown, expired or already used. */
const deadLink = (e: unknown) =>
  e instanceof ApiError &&
  (e.code === 'invitation_not_found' || !!e.fieldMessage('token'));

/**
 * Where an invitation link lands: the invited user sets a password and is
 * signed in to their role's app. The token is spent only by the POST, never
 * by opening the page (a mail scanner's GET spends nothing).
 */
export function InvitePage({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<{ field: string; text: string }>();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const accept = useAction(async () => {
    const { email } = await acceptInvitation(token, password);
    await signIn(email, password);
    navigate('/', { replace: true });
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN_LENGTH)
      return setProblem({
        field: 'password',
        text: `Your password needs at least ${MIN_LENGTH} characters; it has ${password.length}.`,
      });
    if (again !== password)
      return setProblem({
        field: 'again',
        text: 'The two passwords are not the same. Please type it again.',
      });
    setProblem(undefined);
    void accept.run();
  };
  if (deadLink(accept.error))
    return (
      <main className="login" id="main">
        <div className="login-card">
          <h1>This invitation link cannot be used</h1>
          <p className="lede">
            It has expired (links last 7 days) or it was used already. Ask your
            program administrator to invite you again.
          </p>
          <p>
            Already set your password? <a href="/">Sign in</a>.
          </p>
        </div>
      </main>
    );
  return (
    <main className="login" id="main">
      <div className="login-card">
        <h1>Set your password</h1>
        <p className="lede">
          You were invited to the Psychiatry Access Program. Choose a password
          to finish; you will be signed in.
        </p>
        <form onSubmit={onSubmit} noValidate aria-label="Set your password">
          <TextField
            ref={first}
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={problem?.field === 'password' ? problem.text : undefined}
            hint={`At least ${MIN_LENGTH} characters. A few words you will remember make a strong password.`}
          />
          <TextField
            label="The same password again"
            type="password"
            autoComplete="new-password"
            required
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            error={problem?.field === 'again' ? problem.text : undefined}
          />
          <ErrorNotice error={accept.error} />
          <Button
            type="submit"
            variant="primary"
            size="large"
            busy={accept.busy}
            busyLabel="Setting your password…"
          >
            Set password and sign in
          </Button>
        </form>
      </div>
    </main>
  );
}
