import { useEffect, useRef, useState, type FormEvent } from 'react';
import { takeSessionEndedMessage } from '../api/api-client';
import { signIn } from '../api/auth-api';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { ErrorNotice, Notice } from '../ui/Notice';
import { useAction } from '../ui/use-async';

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [ended] = useState(takeSessionEndedMessage);
  const emailRef = useRef<HTMLInputElement>(null);
  const login = useAction(signIn);
  useEffect(() => emailRef.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void login.run(email, password);
  };
  return (
    <main className="login" id="main">
      <div className="login-card">
        <h1>Psychiatry Access Program</h1>
        <p className="lede">
          Sign in to request or answer a psychiatry consult.
        </p>
        {ended ? <Notice tone="warning">{ended}</Notice> : null}
        <form onSubmit={submit} noValidate aria-label="Sign in">
          <TextField
            ref={emailRef}
            label="Email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <ErrorNotice error={login.error} />
          <Button
            type="submit"
            variant="primary"
            size="large"
            busy={login.busy}
            busyLabel="Signing in…"
          >
            Sign in
          </Button>
        </form>
        <p className="crisis-line">
          Not a crisis line. In an emergency call 911, or 988 for the Suicide
          &amp; Crisis Lifeline.
        </p>
      </div>
    </main>
  );
}
