import { bearer, decodeJwt, postRefresh, registerAndLogin } from '../support/factories.js';
import { createTestApp } from '../support/test-app.js';

describe('Restart (e2e)', () => {
  it('keeps sessions across a restart: a refresh token from the first instance works on the next', async () => {
    const first = await createTestApp();
    let tokens;
    try {
      ({ tokens } = await registerAndLogin(first.http));
    } finally {
      await first.close();
    }

    const second = await createTestApp();
    try {
      await second.http().get('/auth/me').set(...bearer(tokens.accessToken)).expect(200);
      const response = await postRefresh(second.http, tokens.refreshToken).expect(200);
      expect(decodeJwt(response.body.accessToken).sid).toBe(decodeJwt(tokens.accessToken).sid);
      await postRefresh(second.http, response.body.refreshToken).expect(200);
    } finally {
      await second.close();
    }
  });
});
