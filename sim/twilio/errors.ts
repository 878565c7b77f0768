// Twilio's error answers as the Verify API sends them: the body `{code, message, more_info,
// status}` (twilio-oai spec/json/twilio_verify_v2.json, 429 schema; fixtures/SOURCES.md §3) and
// the HTTP status Twilio pairs with each code the simulator can answer.

export interface TwilioErrorBody {
  readonly code: number;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

interface ErrorSpec {
  readonly status: number;
  /** Message, given the request's detail (the parameter, the path). */
  readonly message: (detail: string) => string;
}

/**
 * Every code the simulator answers, with where its status and message come from
 * (fixtures/ names the sample under ../shared/fixtures that shows the body).
 */
const ERRORS: Readonly<Record<number, ErrorSpec>> = {
  // twilio.com/docs/errors/20003; the Worker tests' stand-in answers the same body.
  20003: { status: 401, message: () => "Authenticate" },
  // twilio.com/docs/errors/20004 (inferred: status and text; Twilio's REST convention).
  20004: { status: 405, message: () => "Method not allowed" },
  // fixtures/twilio-error-20404-verification-check-not-found.json (message pattern).
  20404: { status: 404, message: (path) => `The requested resource ${path} was not found` },
  // TOAI 429 response (Retry-After, Twilio-Reached-Rate-Limit); TDOCS errors/20429.
  20429: { status: 429, message: () => "Too many concurrent requests" },
  // twilio.com/docs/errors/20500, 20503 (inferred: the text Twilio's 5xx pages carry).
  20500: { status: 500, message: () => "Internal Server Error" },
  20503: { status: 503, message: () => "Service Unavailable" },
  // fixtures/twilio-error-60200-invalid-parameter.json ("Invalid parameter: To", HTTP 400).
  60200: { status: 400, message: (param) => `Invalid parameter: ${param}` },
  // TDOCS errors/60203: more than 5 sends to one number within 10 minutes, HTTP 429.
  60203: { status: 429, message: () => "Max send attempts reached" },
  // fixtures/twilio-error-60204-custom-code-not-allowed.INFERRED.json (status inferred).
  60204: { status: 400, message: () => "Custom code not allowed" },
};

/** The code a bare status fault answers with (`CreateVerification:503`). */
const CODE_FOR_STATUS: Readonly<Record<number, number>> = {
  400: 60200,
  401: 20003,
  404: 20404,
  405: 20004,
  429: 20429,
  500: 20500,
  503: 20503,
};

export function twilioError(code: number, detail = ""): TwilioErrorBody {
  const spec = ERRORS[code];
  if (spec === undefined) {
    throw new TypeError(
      `Twilio error ${code}: not simulated; known codes: ${Object.keys(ERRORS).join(", ")}`,
    );
  }
  return {
    code,
    message: spec.message(detail),
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status: spec.status,
  };
}

/**
 * A status fault's body: the code it names, else the code Twilio pairs with that status; a
 * status Twilio has no code for (502, 504) gets the generic 20500 text under its own status.
 */
export function faultError(
  status: number,
  code: number | undefined,
  path: string,
): TwilioErrorBody {
  const chosen = code ?? CODE_FOR_STATUS[status] ?? 20500;
  return { ...twilioError(chosen, chosen === 20404 ? path : "To"), status };
}
