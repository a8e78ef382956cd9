import { describe, expect, test } from 'vitest';
import { classifyTool } from '../../classifier/classify.ts';
import type { Category, Risk } from '../../schemas/assessment.ts';

const verdict = (name: string, description: string) => {
  const { category, risk } = classifyTool({ name, description });
  return `${category}/${risk}`;
};

describe('what a read reveals', () => {
  test.each([
    ['list_invoices', 'List the invoices issued to customers.', 'read', 'medium'],
    ['get_disputes', 'Fetch open disputes filed against your charges.', 'read', 'medium'],
    ['invoice_template_preview', 'Render a sample invoice layout as markdown.', 'read', 'low'],
    ['audit_latency', 'Audit endpoint latency and report slow operations.', 'read', 'low'],
    ['service_health_audit', 'Health audit tool: detect unhealthy services in a group.', 'read', 'low'],
    ['list_audit_trail', 'List audit trail entries for a workspace.', 'read', 'medium'],
    ['grab_desktop', 'Capture the whole screen or a single display as a PNG.', 'read', 'medium'],
    ['snap_app', 'Capture a specific application window by title.', 'read', 'medium'],
    ['page_screenshot', 'Take a screenshot of the current page.', 'read', 'low'],
    ['get_mailbox_unread_count', 'Get the number of unread emails in each mailbox.', 'read', 'low'],
    ['list_mail_labels', 'List the labels defined for the mailbox.', 'read', 'low'],
    ['list_chat_rooms', 'List the chat rooms you can join.', 'read', 'low'],
    ['list_mail_messages', 'List the latest email messages in the inbox.', 'read', 'medium'],
    ['verify_signature', 'Verify a signed message against a public key.', 'read', 'low'],
    ['detect_personal_data', 'Detect personal data such as phone numbers in the given text.', 'read', 'low'],
    ['read_chat_history', 'Read the message history of a chat.', 'read', 'medium'],
    ['get_rollout_logs', 'Get the deployment logs of the last rollout.', 'read', 'low'],
    ['show_plan_output', 'Show the plan logs for a pending infrastructure change.', 'read', 'low'],
    ['get_app_logs', 'Get the logs of a running web app.', 'read', 'medium'],
    ['get_session_replay', 'Get a session replay of a visitor on the site.', 'read', 'medium'],
    ['get_order_history', 'Get the order history of the signed-in shopper.', 'read', 'medium'],
    ['get_block_height', 'Get the latest block height of the chain.', 'read', 'low'],
  ] as [string, string, Category, Risk][])('%s → %s/%s', (name, description, category, risk) => {
    expect(verdict(name, description)).toBe(`${category}/${risk}`);
  });
});

describe('who a write reaches', () => {
  test.each([
    ['link_team_to_folder', 'Give a team access to a shared folder.', 'write', 'high'],
    ['open_bastion', 'Configures a gateway host to access a private database network.', 'write', 'high'],
    ['rename_folder', 'Rename a folder.', 'write', 'medium'],
    ['save_note', 'Save a note for later in this conversation.', 'write', 'low'],
    ['highlight_overdue', 'Add a rule that highlights overdue cells in yellow.', 'write', 'medium'],
    ['open_trace_session', 'Create a tracing session on the database server that records slow statements.', 'write', 'medium'],
    ['end_shell_session', 'Close a running terminal session.', 'write', 'medium'],
    ['post_outage_notice', 'Create an outage notice on the public status page.', 'write', 'high'],
    ['raise_alert_level', 'Escalate an alert to the next on-call tier.', 'write', 'high'],
    ['set_alert_urgency', 'Change the urgency of an alert.', 'write', 'medium'],
  ] as [string, string, Category, Risk][])('%s → %s/%s', (name, description, category, risk) => {
    expect(verdict(name, description)).toBe(`${category}/${risk}`);
  });
});

describe('where code runs', () => {
  test.each([
    ['page_eval', 'Evaluate a JavaScript expression in the current browser page.', 'execute', 'high'],
    ['page_script_unsafe', 'Run a script for the browser page. Unsafe: it runs in the automation server process, not in the page.', 'execute', 'critical'],
    ['sandbox_exec', 'Run Python code without any sandbox on the notebook kernel.', 'execute', 'critical'],
  ] as [string, string, Category, Risk][])('%s → %s/%s', (name, description, category, risk) => {
    expect(verdict(name, description)).toBe(`${category}/${risk}`);
  });
});

describe('what a destructive call removes', () => {
  test.each([
    ['remove_mail_account', 'Remove a mail account configuration.', 'destructive', 'high'],
    ['delete_account', 'Delete a user account and all its data.', 'destructive', 'critical'],
    ['revoke_all_tokens', 'Revoke all tokens of a user.', 'destructive', 'critical'],
    ['cancel_plan_subscription', 'Cancel a subscription for a customer.', 'destructive', 'critical'],
    ['delete_event_subscription', 'Delete an event subscription.', 'destructive', 'high'],
  ] as [string, string, Category, Risk][])('%s → %s/%s', (name, description, category, risk) => {
    expect(verdict(name, description)).toBe(`${category}/${risk}`);
  });
});
