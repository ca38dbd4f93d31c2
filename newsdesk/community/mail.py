"""Sending mail (password-reset links) through the SMTP server the settings name."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from newsdesk.config import Settings
from newsdesk.errors import MailError

TIMEOUT = 20.0


def mail_configured(settings: Settings) -> bool:
    return bool(settings.smtp_host)


def send_mail(settings: Settings, *, to: str, subject: str, body: str) -> None:
    """Hand one plain-text message to the SMTP server; MailError (one line) if it cannot."""
    if not settings.smtp_host:
        raise MailError("mail is not set up on this site (NEWSDESK_SMTP_HOST is empty)")
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    context = ssl.create_default_context()
    try:
        smtp: smtplib.SMTP
        if settings.smtp_tls == "tls":
            smtp = smtplib.SMTP_SSL(
                settings.smtp_host, settings.smtp_port, timeout=TIMEOUT, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT)
        with smtp:
            if settings.smtp_tls == "starttls":
                smtp.starttls(context=context)
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(
            f"could not send mail through {settings.smtp_host}:{settings.smtp_port}: "
            f"{type(exc).__name__}"
        ) from exc
