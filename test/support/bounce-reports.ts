/**
 * Bounce and complaint reports as mail servers and providers send them, for
 * the bounce tests: an RFC 3464 DSN, an RFC 5965 ARF report, an Amazon SES
 * notification, qmail's plain-text failure notice, and some that are not reports.
 */

/** What the report is about. */
export interface ReportFacts {
  /** The failed (or complaining) recipient. */
  readonly recipient: string;
  /** Our return path as the report quotes it (a VERP address), if it does. */
  readonly returnPath?: string;
  /** Message-ID of the report itself. */
  readonly id: string;
  /** Date header of the report. */
  readonly date?: string;
}

/** An RFC 3464 delivery status notification; `status` 5.x.x is hard, 4.x.x soft. */
export function makeDsn(facts: ReportFacts, status = '5.1.1', action = 'failed'): string {
  return `From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: ${facts.returnPath ?? 'bounces@blog.example.com'}
Subject: Undelivered Mail Returned to Sender
Message-ID: <${facts.id}>
Date: ${facts.date ?? 'Mon, 16 Jul 2012 10:00:00 +0000'}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; ${facts.recipient}
Action: ${action}
Status: ${status}
Diagnostic-Code: smtp; ${status.startsWith('5') ? '550' : '451'} ${status} <${facts.recipient}>:
 Recipient address rejected

--B
Content-Type: text/rfc822-headers

Return-Path: <${facts.returnPath ?? 'bounces@blog.example.com'}>
To: ${facts.recipient}
Subject: A new post

--B--
`.replace(/\n/g, '\r\n');
}

/** An RFC 5965 abuse report, as Yahoo and others send them. */
export function makeArf(facts: ReportFacts, feedbackType = 'abuse'): string {
  return `From: Mail AntiSpam Feedback <feedback@arf.mail.example.net>
To: abuse@blog.example.com
Subject: FW: A new post
Message-ID: <${facts.id}>
Date: ${facts.date ?? 'Mon, 16 Jul 2012 10:00:00 +0000'}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="A"

--A
Content-Type: text/plain

This is an email abuse report for an email message received from IP 192.0.2.1.

--A
Content-Type: message/feedback-report

Feedback-Type: ${feedbackType}
User-Agent: ExampleFBL/1.0
Version: 1
Original-Mail-From: <${facts.returnPath ?? 'bounces@blog.example.com'}>
Original-Rcpt-To: <${facts.recipient}>

--A
Content-Type: message/rfc822

Return-Path: <${facts.returnPath ?? 'bounces@blog.example.com'}>
From: Test Weblog <followers@blog.example.com>
To: ${facts.recipient}
Subject: A new post

The post.
--A--
`.replace(/\n/g, '\r\n');
}

/** An Amazon SES bounce or complaint notification inside an SNS envelope, mailed on. */
export function makeSesNotification(facts: ReportFacts, type: 'Bounce' | 'Complaint'): string {
  const message =
    type === 'Bounce'
      ? {
          notificationType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bouncedRecipients: [
              { emailAddress: facts.recipient, status: '5.1.1', diagnosticCode: 'smtp; 550' },
            ],
          },
        }
      : {
          notificationType: 'Complaint',
          complaint: {
            complainedRecipients: [{ emailAddress: facts.recipient }],
            complaintFeedbackType: 'abuse',
          },
        };
  const body = JSON.stringify({ Type: 'Notification', Message: JSON.stringify(message) });
  return `From: AWS Notifications <no-reply@sns.amazonaws.com>
To: bounces@blog.example.com
Subject: AWS Notification Message
Message-ID: <${facts.id}>
Content-Type: text/plain; charset=UTF-8

${body}
`;
}

/** qmail's plain-text failure notice. */
export function makeQmailBounce(facts: ReportFacts): string {
  return `From: MAILER-DAEMON@mail.example.org
To: ${facts.returnPath ?? 'bounces@blog.example.com'}
Subject: failure notice
Message-ID: <${facts.id}>

Hi. This is the qmail-send program at mail.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<${facts.recipient}>:
550 5.1.1 sorry, no mailbox here by that name.
`;
}

/** Messages that are no report at all, or broken ones. */
export const malformedReports = {
  'an out-of-office reply': `From: reader@example.com
Subject: Out of office
Message-ID: <ooo@example.com>

I am away until Monday.
`,
  'a DSN whose status block is cut off': `From: MAILER-DAEMON@mx.example.net
Subject: Undelivered Mail
Message-ID: <cut@example.net>
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
`,
  'binary noise': '\u0000\u0001\u0002 not mail at all \u00ff',
  'an empty message': '',
  'an ARF report saying "not spam"': makeArf(
    { recipient: 'fine@example.com', id: 'notspam@example.net' },
    'not-spam',
  ),
} as const;
