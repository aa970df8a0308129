import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const schemaPath = new URL('../shared/slack/manifest.schema.1.0.0.json', root);

describe('manifest.yml', () => {
  const manifest = parse(readFileSync(new URL('manifest.yml', root), 'utf8')) as Record<string, any>;

  it("validates against Slack's official manifest schema", () => {
    // The schema uses a non-standard `regex` keyword (docs/slack.md): compile without strict mode.
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('sends commands, interactivity and events to /slack/events', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    for (const u of urls) expect(new URL(u).pathname).toBe('/slack/events');
    expect(manifest.features.slash_commands[0].command).toBe('/sales');
    expect(manifest.features.slash_commands[0].usage_hint).toBeTruthy();
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('asks only for the bot scopes the app uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['channels:history', 'chat:write', 'chat:write.public', 'commands', 'files:read', 'files:write', 'groups:history', 'im:history', 'im:write', 'users:read', 'users:read.email'].sort(),
    );
  });
});
