import '../zod-without-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SelfReportApp } from './SelfReportApp';
import '../patient/patient.css';
import './self-report.css';

// The self-report page: its own small bundle, no clinician code.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SelfReportApp />
  </StrictMode>,
);
