import { ValidateBy } from 'class-validator';

// A lone surrogate cannot be encoded as UTF-8: Postgres would store the text altered.
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
// Postgres text cannot hold NUL.
const NUL_OR_LONE_SURROGATE = new RegExp(`\\u0000|${LONE_SURROGATE}`);
// Also every other control character but tab, line feed and carriage return.
const CONTROL_OR_LONE_SURROGATE = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]|${LONE_SURROGATE}`);

/** A string Postgres stores exactly as sent; `refuseControls` also keeps control characters out. */
export const IsStorableText = ({ refuseControls = false } = {}) => {
  const unstorable = refuseControls ? CONTROL_OR_LONE_SURROGATE : NUL_OR_LONE_SURROGATE;
  const refused = refuseControls ? 'control characters' : 'NUL characters';
  return ValidateBy({
    name: 'isStorableText',
    validator: {
      validate: (value) => typeof value === 'string' && !unstorable.test(value),
      defaultMessage: (args) => `${args?.property} must not contain ${refused} or unpaired surrogates`,
    },
  });
};
