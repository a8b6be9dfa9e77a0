import { expect } from 'chai';
import {
  ConfigurationError,
  OrgUnreachableError,
  PermissionError,
  SessionExpiredError,
  ToolchainError,
  UnknownOrgError,
  toToolchainError
} from '../../src/toolchain/errors.js';
import { Ux, errorEnvelope, successEnvelope } from '../../src/toolchain/output.js';
import { renderTable } from '../../src/toolchain/table.js';
import { Capture, apiError } from './fakeOrg.js';

describe('toolchain errors and output', () => {
  describe('toToolchainError', () => {
    it('maps INVALID_SESSION_ID to SessionExpiredError with a login action', () => {
      const e = toToolchainError(apiError('INVALID_SESSION_ID', 'Session expired or invalid'), 'myorg');
      expect(e).to.be.instanceOf(SessionExpiredError);
      expect(e.exitCode).to.equal(3);
      expect(e.message).to.include('myorg');
      expect(e.actions[0]).to.equal('sf org login web --alias myorg');
    });

    it('maps an OAuth refresh failure (invalid_grant) to SessionExpiredError', () => {
      const error = new Error('Error authenticating with the refresh token due to: expired access/refresh token');
      error.name = 'RefreshTokenAuthError';
      expect(toToolchainError(error)).to.be.instanceOf(SessionExpiredError);
    });

    it('maps NamedOrgNotFoundError to UnknownOrgError', () => {
      const error = new Error('No authorization information found for nobody.');
      error.name = 'NamedOrgNotFoundError';
      const e = toToolchainError(error, 'nobody');
      expect(e).to.be.instanceOf(UnknownOrgError);
      expect(e.message).to.equal('No authorized org found for "nobody".');
    });

    it('maps INSUFFICIENT_ACCESS and API_DISABLED_FOR_ORG to PermissionError (exit 4)', () => {
      for (const code of ['INSUFFICIENT_ACCESS_OR_READONLY', 'API_DISABLED_FOR_ORG']) {
        const e = toToolchainError(apiError(code, 'nope'));
        expect(e, code).to.be.instanceOf(PermissionError);
        expect(e.exitCode).to.equal(4);
      }
    });

    it('maps connection refusals to OrgUnreachableError', () => {
      const error = new Error('connect ECONNREFUSED 127.0.0.1:1');
      expect(toToolchainError(error)).to.be.instanceOf(OrgUnreachableError);
    });

    it('keeps ToolchainErrors and wraps anything else with exit code 1', () => {
      const own = new ConfigurationError('x');
      expect(toToolchainError(own)).to.equal(own);
      const other = toToolchainError(new Error('something odd'));
      expect(other.name).to.equal('ToolchainError');
      expect(other.exitCode).to.equal(1);
      expect(other.message).to.equal('something odd');
    });

    it('names errors after their class', () => {
      expect(new ConfigurationError('x').name).to.equal('ConfigurationError');
      expect(new ConfigurationError('x').exitCode).to.equal(5);
    });
  });

  describe('JSON envelope', () => {
    it('wraps results like sf --json', () => {
      expect(successEnvelope({ a: 1 }, ['w'])).to.deep.equal({ status: 0, result: { a: 1 }, warnings: ['w'] });
    });

    it('describes failures with status = exit code, name, message, actions and data', () => {
      const error = new ToolchainError('boom', { actions: ['do this'], exitCode: 4, data: { n: 1 } });
      const envelope = errorEnvelope(error, []);
      expect(envelope).to.deep.equal({
        status: 4,
        name: 'ToolchainError',
        message: 'boom',
        exitCode: 4,
        actions: ['do this'],
        warnings: [],
        data: { n: 1 }
      });
    });

    it('prints only the JSON object on stdout under --json, warnings included', () => {
      const stdout = new Capture(true);
      const stderr = new Capture(true);
      const ux = new Ux({ stdout, stderr, json: true, env: {} });
      ux.log('human line');
      ux.progress('50%');
      ux.warn('careful');
      ux.writeResult({ ok: true });
      expect(JSON.parse(stdout.text)).to.deep.equal({ status: 0, result: { ok: true }, warnings: ['careful'] });
      expect(stderr.text).to.equal('');
    });
  });

  describe('progress', () => {
    it('draws on a TTY', () => {
      const stdout = new Capture(true);
      const ux = new Ux({ stdout, stderr: new Capture(), json: false, env: {} });
      ux.progressBar(5, 10, 'batches');
      expect(stdout.text).to.include('[############............] 5/10 batches');
    });

    it('stays silent when CI is set', () => {
      const stdout = new Capture(true);
      const ux = new Ux({ stdout, stderr: new Capture(), json: false, env: { CI: 'true' } });
      ux.progressBar(5, 10, 'batches');
      expect(stdout.text).to.equal('');
    });

    it('stays silent when stdout is not a TTY', () => {
      const stdout = new Capture(false);
      const ux = new Ux({ stdout, stderr: new Capture(), json: false, env: {} });
      ux.progress('x');
      expect(stdout.text).to.equal('');
    });
  });

  describe('renderTable', () => {
    it('aligns columns, right-aligns numbers and draws a rule', () => {
      const lines = renderTable(
        [
          { c: 'EUR', r: 0.9 },
          { c: 'JPY', r: 151.25 }
        ],
        [
          { header: 'Currency', get: (x) => x.c },
          { header: 'Rate', get: (x) => x.r, align: 'right' }
        ]
      );
      expect(lines).to.deep.equal(['Currency    Rate', '--------  ------', 'EUR          0.9', 'JPY       151.25']);
    });

    it('says (none) for no rows', () => {
      expect(renderTable([], [{ header: 'X', get: () => '' }])).to.deep.equal(['(none)']);
    });
  });
});
