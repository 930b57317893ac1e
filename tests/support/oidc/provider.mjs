// MailShim's test OAuth 2.0 / OpenID provider: npm's oidc-provider on loopback HTTPS, driven by OidcFixture
// (tests/support/oidcfixture.cpp). Usage: node provider.mjs <config.json>
//
// The config (written by the fixture) names the port (0: any free one), the certificate and key (the key also signs
// ID tokens), a state file, the users and their passwords, the public native client and the introspection client.
// The provider keeps everything it issues in the state file, so a restart (provider down, then up again) keeps
// grants, tokens and keys.
//
// stdout carries only the protocol with the fixture: "ready <port>" once it listens, then one reply line per command
// read from stdin: "revoke <account>" (every grant of that account and its tokens), "ttl <seconds>" (the lifetime
// of access tokens issued from now on), "grants <account>" (how many grants the account has). Diagnostics go to
// stderr. It never prints a token or a password.
//
// The login and consent pages are its own (the library's development pages accept any user): a login form with
// "login" and "password", then a consent form, as plain HTML a browser (or tests/support/oidcbrowser.py) submits.
import * as crypto from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { createServer } from 'node:https';
import { createInterface } from 'node:readline';
import { parse as parseQuery } from 'node:querystring';
import Provider from 'oidc-provider';

// oidc-provider 9 calls crypto.hash and URL.parse, which Node has from 20.18 on (22.1 on the 22 line); Debian
// bookworm's own nodejs is 18.20, where the library loads and then fails at its first token request.
if (typeof crypto.hash !== 'function' || typeof URL.parse !== 'function') {
  console.error(`oidc-provider 9 needs Node >= 20.18 (crypto.hash, URL.parse); this is Node ${process.version}`);
  process.exit(4);
}

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const log = (...words) => console.error(new Date().toISOString(), ...words);

// ---- State: every model's entries, written to the state file after each change --------------------------------
const state = existsSync(config.stateFile) ? JSON.parse(readFileSync(config.stateFile, 'utf8')) : {};
state.models ??= {};
// The signing key (ID tokens; access tokens are opaque) is the fixture's EC P-256 key file, not one made here:
// Node 20.20 can deadlock exporting a key it has just generated (a GC during the JWK export runs the key-generation
// job's destructor, which waits for the lock the export holds; seen about once in 50 starts).
state.jwks ??= {
  keys: [{ ...crypto.createPrivateKey(readFileSync(config.signingKeyFile)).export({ format: 'jwk' }), use: 'sig',
    alg: 'ES256', kid: 'fixture' }],
};
state.cookieKeys ??= [crypto.randomBytes(32).toString('hex')];

function save() {
  const temporary = `${config.stateFile}.tmp`;
  writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
  renameSync(temporary, config.stateFile);
}
save();

const nowSeconds = () => Math.floor(Date.now() / 1000);

class FileAdapter {
  constructor(name) {
    this.name = name;
    state.models[name] ??= {};
    this.entries = state.models[name];
  }

  async upsert(id, payload, expiresIn) {
    this.entries[id] = { payload, expiresAt: expiresIn ? nowSeconds() + expiresIn : 0 };
    save();
  }

  async find(id) {
    const entry = this.entries[id];
    if (!entry) return undefined;
    if (entry.expiresAt && entry.expiresAt < nowSeconds()) {
      delete this.entries[id];
      save();
      return undefined;
    }
    return entry.payload;
  }

  async findByUid(uid) {
    const id = Object.keys(this.entries).find((key) => this.entries[key].payload.uid === uid);
    return id ? this.find(id) : undefined;
  }

  async findByUserCode(userCode) {
    const id = Object.keys(this.entries).find((key) => this.entries[key].payload.userCode === userCode);
    return id ? this.find(id) : undefined;
  }

  async consume(id) {
    if (this.entries[id]) {
      this.entries[id].payload.consumed = nowSeconds();
      save();
    }
  }

  async destroy(id) {
    delete this.entries[id];
    save();
  }

  async revokeByGrantId(grantId) {
    for (const id of Object.keys(this.entries)) {
      if (this.entries[id].payload.grantId === grantId) delete this.entries[id];
    }
    save();
  }
}

// Every grant of an account, and everything issued under it, is gone; the next refresh gets invalid_grant.
function revokeAccount(accountId) {
  const grants = Object.entries(state.models.Grant ?? {})
    .filter(([, entry]) => entry.payload.accountId === accountId)
    .map(([id]) => id);
  for (const entries of Object.values(state.models)) {
    for (const id of Object.keys(entries)) {
      const { payload } = entries[id];
      if (grants.includes(payload.grantId) || (payload.kind === 'Grant' && grants.includes(id))) delete entries[id];
    }
  }
  save();
  return grants.length;
}

// ---- Users -------------------------------------------------------------------------------------------------------
function sameText(a, b) {
  const left = Buffer.from(String(a));
  const right = Buffer.from(String(b));
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function checkUser(login, password) {
  const user = config.users.find((candidate) => candidate.name === login);
  return user && sameText(user.password, password) ? user.name : undefined;
}

// ---- The provider -----------------------------------------------------------------------------------------------
let accessTokenTtl = config.accessTokenTtl;

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

const server = createServer({ cert: readFileSync(config.certFile), key: readFileSync(config.keyFile) });
let port;
try {
  port = await listen(server, config.port);
} catch (error) {
  log(`cannot listen on 127.0.0.1:${config.port}: ${error.code ?? error.message}`);
  process.exit(3);
}
const issuer = `https://${config.hostName}:${port}`;

const provider = new Provider(issuer, {
  adapter: FileAdapter,
  jwks: state.jwks,
  cookies: { keys: state.cookieKeys },
  clientDefaults: { id_token_signed_response_alg: 'ES256' },
  clients: [
    {
      client_id: config.nativeClient.id,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: config.nativeClient.redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
    {
      client_id: config.introspectionClient.id,
      client_secret: config.introspectionClient.secret,
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
  ],
  scopes: ['openid', 'offline_access', ...config.scopes],
  claims: { openid: ['sub'], email: ['email'] },
  findAccount: async (_ctx, sub) =>
    config.users.some((user) => user.name === sub)
      ? { accountId: sub, claims: async () => ({ sub, email: `${sub}@${config.mailDomain}` }) }
      : undefined,
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    // Only access tokens: the library would report refresh tokens as active too (TESTING-NOTES.md).
    introspection: {
      enabled: true,
      allowedPolicy: async (_ctx, client, token) =>
        client.clientId === config.introspectionClient.id && token.kind === 'AccessToken',
    },
  },
  pkce: { required: () => true },
  // Like the big providers: a refresh token whenever the client may refresh (no prompt=consent dance), valid
  // independently of the browser session, rotated on every use (the library's default for public clients).
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  expiresWithSession: async () => false,
  // RFC 7662's "username" in the introspection answer (Dovecot's username_attribute).
  extraTokenClaims: async (_ctx, token) => (token.kind === 'AccessToken' ? { username: token.accountId } : undefined),
  ttl: {
    AccessToken: () => accessTokenTtl,
    AuthorizationCode: 120,
    RefreshToken: config.refreshTokenTtl,
    Grant: config.refreshTokenTtl,
    Interaction: 600,
    Session: 3600,
    IdToken: 3600,
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Error', `<p id="error">${escape(out.error)}: ${escape(out.error_description ?? '')}</p>`);
  },
});

provider.on('server_error', (_ctx, error) => log('server_error', error));
provider.on('grant.error', (_ctx, error) => log('grant.error', error.name, error.message));
provider.on('grant.success', (ctx) => log('grant.success', ctx.oidc.params.grant_type));
provider.on('authorization.error', (_ctx, error) => log('authorization.error', error.name, error.message));
provider.on('introspection.error', (_ctx, error) => log('introspection.error', error.name, error.message));

// ---- Login and consent pages ------------------------------------------------------------------------------------
function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
    `<body><h1>${escape(title)}</h1>${body}</body></html>\n`;
}

function loginPage(uid, clientId, message) {
  return page('Sign in', `${message ? `<p id="error">${escape(message)}</p>` : ''}` +
    `<p>Sign in to continue to ${escape(clientId)}.</p>` +
    `<form id="login" method="post" action="/interaction/${escape(uid)}/login">` +
    '<label>User <input type="text" name="login" autocomplete="username"></label>' +
    '<label>Password <input type="password" name="password" autocomplete="current-password"></label>' +
    '<button type="submit">Sign in</button></form>');
}

function consentPage(uid, clientId, scopes) {
  return page('Allow access', `<p>${escape(clientId)} asks for: ${escape(scopes.join(' '))}</p>` +
    `<form id="consent" method="post" action="/interaction/${escape(uid)}/confirm">` +
    '<input type="hidden" name="decision" value="allow"><button type="submit">Allow</button></form>');
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 65536) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(parseQuery(body)));
    req.on('error', reject);
  });
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    send(res, 400, page('Error', '<p id="error">interaction mismatch</p>'));
    return;
  }
  const { prompt, params } = details;
  if (req.method === 'GET' && !action) {
    if (prompt.name === 'login') {
      send(res, 200, loginPage(uid, params.client_id));
    } else {
      send(res, 200, consentPage(uid, params.client_id, String(params.scope ?? '').split(' ')));
    }
    return;
  }
  if (req.method !== 'POST') {
    send(res, 405, page('Error', '<p id="error">method not allowed</p>'));
    return;
  }
  const form = await readForm(req);
  if (action === 'login' && prompt.name === 'login') {
    const accountId = checkUser(form.login, form.password);
    if (!accountId) {
      log('login refused for', JSON.stringify(String(form.login ?? '')));
      send(res, 200, loginPage(uid, params.client_id, 'Wrong user name or password.'));
      return;
    }
    log('login', accountId);
    await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    return;
  }
  if (action === 'confirm' && prompt.name === 'consent') {
    if (form.decision !== 'allow') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'denied' },
        { mergeWithLastSubmission: false });
      return;
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    const missing = prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    log('consent', details.session.accountId);
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  send(res, 400, page('Error', `<p id="error">unexpected ${escape(action)} at the ${escape(prompt.name)} step</p>`));
}

const providerCallback = provider.callback();
server.on('request', (req, res) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm))?\/?(?:\?.*)?$/.exec(req.url);
  if (!match) {
    providerCallback(req, res);
    return;
  }
  interaction(req, res, match[1], match[2]).catch((error) => {
    log('interaction failed:', error.name, error.message);
    if (!res.headersSent) send(res, 400, page('Error', `<p id="error">${escape(error.message)}</p>`));
  });
});

// ---- The fixture's commands -------------------------------------------------------------------------------------
const reply = (line) => process.stdout.write(`${line}\n`);
const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const [command, argument] = line.trim().split(/\s+/);
  if (command === 'revoke' && argument) {
    reply(`ok revoked ${revokeAccount(argument)}`);
  } else if (command === 'grants' && argument) {
    reply(`ok ${Object.values(state.models.Grant ?? {}).filter((e) => e.payload.accountId === argument).length}`);
  } else if (command === 'ttl' && Number(argument) > 0) {
    accessTokenTtl = Number(argument);
    reply(`ok ttl ${accessTokenTtl}`);
  } else {
    reply(`error unknown command: ${command ?? ''}`);
  }
});
// The fixture closing stdin (or dying) ends the provider.
commands.on('close', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

log(`listening on ${issuer}`);
reply(`ready ${port}`);
