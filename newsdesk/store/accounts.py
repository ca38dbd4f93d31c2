"""Accounts, their sessions and API tokens, and password-reset links: all their SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.store.models_community import Account, Comment, PasswordReset, ReaderSession
from newsdesk.store.types import utcnow

Role = Literal["reader", "moderator", "admin"]
ROLES: tuple[Role, ...] = ("reader", "moderator", "admin")


@dataclass(frozen=True)
class AccountRow:
    id: int
    email: str
    display_name: str
    role: str
    created_at: datetime
    banned_until: datetime | None
    trusted: bool

    def banned(self, now: datetime) -> bool:
        return self.banned_until is not None and self.banned_until > now

    @property
    def is_moderator(self) -> bool:
        return self.role in ("moderator", "admin")


@dataclass(frozen=True)
class TokenRow:
    id: int
    label: str | None
    created_at: datetime


def _row(account: Account) -> AccountRow:
    return AccountRow(
        id=account.id,
        email=account.email,
        display_name=account.display_name,
        role=account.role,
        created_at=account.created_at,
        banned_until=account.banned_until,
        trusted=account.trusted,
    )


def create_account(
    session: Session, *, email: str, display_name: str, password_hash: str, role: Role = "reader"
) -> AccountRow | None:
    """The new account, or None when the email is taken (the unique key decides, not a race)."""
    account = Account(
        email=email,
        display_name=display_name,
        password_hash=password_hash,
        role=role,
        trusted=role != "reader",
    )
    try:
        with session.begin_nested():
            session.add(account)
            session.flush()
    except IntegrityError:
        return None
    return _row(account)


def account_by_id(session: Session, *, account_id: int) -> AccountRow | None:
    account = session.get(Account, account_id)
    return _row(account) if account else None


def credentials_by_email(session: Session, *, email: str) -> tuple[AccountRow, str] | None:
    """The account and its password hash, for sign-in only."""
    account = session.scalar(select(Account).where(Account.email == email))
    return (_row(account), account.password_hash) if account else None


def password_hash_of(session: Session, *, account_id: int) -> str | None:
    return session.scalar(select(Account.password_hash).where(Account.id == account_id))


def set_password_hash(session: Session, *, account_id: int, password_hash: str) -> None:
    session.execute(
        update(Account).where(Account.id == account_id).values(password_hash=password_hash)
    )


def set_role(session: Session, *, account_id: int, role: Role) -> None:
    session.execute(
        update(Account)
        .where(Account.id == account_id)
        .values(role=role, trusted=Account.trusted | (role != "reader"))
    )


def set_ban(
    session: Session, *, account_id: int, until: datetime | None, reason: str | None
) -> bool:
    done = session.execute(
        update(Account)
        .where(Account.id == account_id)
        .values(banned_until=until, ban_reason=reason)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def set_trusted(session: Session, *, account_id: int) -> None:
    session.execute(update(Account).where(Account.id == account_id).values(trusted=True))


def delete_account(session: Session, *, account_id: int, remove_comments: bool) -> None:
    """Remove the account; its comments stay as "deleted user" or are emptied and marked deleted."""
    if remove_comments:
        session.execute(
            update(Comment).where(Comment.author_id == account_id).values(status="deleted", body="")
        )
    session.execute(delete(Account).where(Account.id == account_id))


def count_accounts(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Account)) or 0


# --- sessions and API tokens -------------------------------------------------------------


def add_session(
    session: Session,
    *,
    account_id: int,
    token_hash: str,
    kind: Literal["web", "api"],
    expires_at: datetime | None,
    label: str | None = None,
) -> int:
    row = ReaderSession(
        account_id=account_id, token_hash=token_hash, kind=kind, expires_at=expires_at, label=label
    )
    session.add(row)
    session.flush()
    return row.id


def session_account(
    session: Session, *, token_hash: str, kind: Literal["web", "api"]
) -> tuple[int, AccountRow] | None:
    """(session id, account) for a live token of `kind`; expired ones are deleted on sight."""
    found = session.execute(
        select(ReaderSession, Account)
        .join(Account, Account.id == ReaderSession.account_id)
        .where(ReaderSession.token_hash == token_hash, ReaderSession.kind == kind)
    ).first()
    if found is None:
        return None
    reader_session, account = found
    if reader_session.expires_at is not None and reader_session.expires_at <= utcnow():
        session.delete(reader_session)
        return None
    return reader_session.id, _row(account)


def end_session(session: Session, *, session_id: int) -> None:
    session.execute(delete(ReaderSession).where(ReaderSession.id == session_id))


def end_sessions(
    session: Session, *, account_id: int, kind: Literal["web", "api"] | None = None
) -> None:
    """End every session (or every one of `kind`) of an account at once."""
    query = delete(ReaderSession).where(ReaderSession.account_id == account_id)
    if kind is not None:
        query = query.where(ReaderSession.kind == kind)
    session.execute(query)


def api_tokens(session: Session, *, account_id: int) -> list[TokenRow]:
    rows = session.scalars(
        select(ReaderSession)
        .where(ReaderSession.account_id == account_id, ReaderSession.kind == "api")
        .order_by(ReaderSession.id)
    )
    return [TokenRow(id=row.id, label=row.label, created_at=row.created_at) for row in rows]


def revoke_api_token(session: Session, *, account_id: int, token_id: int) -> bool:
    done = session.execute(
        delete(ReaderSession).where(
            ReaderSession.id == token_id,
            ReaderSession.account_id == account_id,
            ReaderSession.kind == "api",
        )
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


# --- password resets ---------------------------------------------------------------------


def add_reset(session: Session, *, account_id: int, token_hash: str, expires_at: datetime) -> None:
    session.add(PasswordReset(account_id=account_id, token_hash=token_hash, expires_at=expires_at))


def reset_is_live(session: Session, *, token_hash: str) -> bool:
    found = session.scalar(
        select(PasswordReset.id).where(
            PasswordReset.token_hash == token_hash,
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > utcnow(),
        )
    )
    return found is not None


def spend_reset(session: Session, *, token_hash: str) -> int | None:
    """Mark a live reset link used and return its account; None if unknown, used or expired.

    One UPDATE guarded by `used_at IS NULL`, so two clicks racing spend it once.
    """
    now = utcnow()
    account_id = session.scalar(
        select(PasswordReset.account_id).where(PasswordReset.token_hash == token_hash)
    )
    done = session.execute(
        update(PasswordReset)
        .where(
            PasswordReset.token_hash == token_hash,
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
        )
        .values(used_at=now)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        return None
    return account_id
