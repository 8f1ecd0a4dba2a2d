import {
  askForCodeTwiml,
  goodbyeTwiml,
  joinConferenceTwiml,
  wrongCodeTwiml,
} from '../../server/telephony/voice-twiml';

describe('voice TwiML', () => {
  it('asks for the 8-digit code in English and Spanish, posting digits with the attempt number', () => {
    const xml = askForCodeTwiml('https://p.test/api/twilio/voice/code', 1);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf" numDigits="8" timeout="10" action="https://p.test/api/twilio/voice/code?attempt=1" method="POST" actionOnEmptyResult="true">' +
        '<Say language="en-US">Welcome to your telehealth visit.</Say><Say language="es-US">Bienvenido a su consulta por telesalud.</Say>' +
        '<Say language="en-US">Please enter your 8 digit visit code.</Say><Say language="es-US">Por favor marque su código de consulta de 8 dígitos.</Say></Gather></Response>',
    );
    expect(askForCodeTwiml('https://p.test/c', 2)).not.toContain('Welcome');
  });

  it('sends a wrong code back to the question, and hangs up after the third', () => {
    expect(wrongCodeTwiml('https://p.test/in', 1)).toContain(
      '<Redirect method="POST">https://p.test/in?attempt=2</Redirect>',
    );
    const last = wrongCodeTwiml('https://p.test/in', 3);
    expect(last).toContain('<Hangup/>');
    expect(last).not.toContain('<Redirect');
    expect(goodbyeTwiml()).toContain('<Hangup/>');
  });

  it('places callers in the named conference: dial-ins on hold, dial-outs starting it, with join/leave callbacks', () => {
    const held = joinConferenceTwiml(
      {
        conferenceName: 'visit-abc',
        statusCallbackUrl: 'https://p.test/cs',
        startsConference: false,
      },
      { en: 'Hold on.', es: 'Espere.' },
    );
    expect(held).toContain(
      '<Say language="en-US">Hold on.</Say><Say language="es-US">Espere.</Say>',
    );
    expect(held).toContain(
      '<Dial><Conference startConferenceOnEnter="false" endConferenceOnExit="false" beep="false" statusCallback="https://p.test/cs" statusCallbackEvent="join leave" statusCallbackMethod="POST">visit-abc</Conference></Dial>',
    );
    const starter = joinConferenceTwiml(
      {
        conferenceName: 'visit-abc',
        statusCallbackUrl: null,
        startsConference: true,
      },
      null,
    );
    expect(starter).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial><Conference startConferenceOnEnter="true" endConferenceOnExit="false" beep="false">visit-abc</Conference></Dial></Response>',
    );
  });

  it('escapes what it is given', () => {
    expect(
      joinConferenceTwiml(
        {
          conferenceName: 'a<b&c',
          statusCallbackUrl: null,
          startsConference: true,
        },
        null,
      ),
    ).toContain('>a&lt;b&amp;c</Conference>');
  });
});
