/** Placeholder shell; the role screens are built in the web client issue. */
export function App() {
  return (
    <main>
      <h1>Psychiatry Access Program</h1>
      <p>Sign-in and role screens are on their way.</p>
    </main>
  );
}
