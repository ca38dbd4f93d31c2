"""Accounts: sign up, sign in, sessions, passwords, reset links, API tokens, deletion.

Every function is one unit of work on the store. Failed sign-ins are recorded in a unit of
their own before refusing, so the limit counts them even though the request fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from newsdesk.community import ratelimit
from newsdesk.community.passwords import hash_password, needs_rehash, verify_password
from newsdesk.community.text import clean_email, clean_text
from newsdesk.community.tokens import new_token, token_hash
from newsdesk.config import Settings
from newsdesk.errors import CommunityError, NotAllowedError, SignInError
from newsdesk.store import accounts as db
from newsdesk.store.accounts import AccountRow, Role
from newsdesk.store.engine import Store
from newsdesk.store.types import utcnow

WRONG = "That email and password do not match an account."
NAME_CHARS = 40


@dataclass(frozen=True)
class SignedIn:
    account: AccountRow
    token: str  # goes into the cookie; only its hash is stored
    session_id: int


def sign_up(
    settings: Settings,
    store: Store,
    *,
    email: str,
    password: str,
    display_name: str,
    address: str,
) -> SignedIn:
    """A new reader account, signed in. The same message whether or not the email is taken
    would hide nothing here (sign-up must say so), so it says so plainly."""
    email = clean_email(email)
    name = clean_text(display_name, field="display name", max_chars=NAME_CHARS)
    password_hash = hash_password(password)
    with store.session() as session:
        ratelimit.prune(session)
        ratelimit.hit(
            session,
            bucket=f"signup:address:{address}",
            limit=settings.limit_signups_per_address,
            window=ratelimit.SIGNUP_WINDOW,
        )
        account = db.create_account(
            session, email=email, display_name=name, password_hash=password_hash
        )
        if account is None:
            raise CommunityError("An account with that email address exists; sign in instead.")
        return _open_session(settings, session, account)


def sign_in(
    settings: Settings, store: Store, *, email: str, password: str, address: str
) -> SignedIn:
    """A fresh session (a new token every time: sign-in rotates it) or SignInError.

    Unknown email and wrong password take the same path: one argon2 verification, one
    message, one failure recorded against the account name and the address.
    """
    email = email.strip().lower()[:254]
    buckets = (f"signin:account:{email}", f"signin:address:{address}")
    limits = (settings.limit_signin_per_account, settings.limit_signin_per_address)
    with store.session() as session:
        for bucket, limit in zip(buckets, limits, strict=True):
            ratelimit.check(session, bucket=bucket, limit=limit, window=ratelimit.SIGNIN_WINDOW)
        found = db.credentials_by_email(session, email=email)
        account, stored = found if found else (None, None)
        ok = verify_password(stored, password)
        if ok and account is not None and stored is not None:
            if account.banned(utcnow()):
                raise NotAllowedError(_ban_message(account))
            if needs_rehash(stored):
                db.set_password_hash(
                    session, account_id=account.id, password_hash=hash_password(password)
                )
            return _open_session(settings, session, account)
    with store.session() as session:
        for bucket in buckets:
            ratelimit.record(session, bucket=bucket)
    raise SignInError(WRONG)


def _ban_message(account: AccountRow) -> str:
    until = account.banned_until
    if until is None or until.year >= 9999:
        return "This account is banned."
    return f"This account is banned until {until:%Y-%m-%d %H:%M} UTC."


def _open_session(settings: Settings, session: Session, account: AccountRow) -> SignedIn:
    token, hashed = new_token()
    session_id = db.add_session(
        session,
        account_id=account.id,
        token_hash=hashed,
        kind="web",
        expires_at=utcnow() + timedelta(days=settings.session_days),
    )
    return SignedIn(account=account, token=token, session_id=session_id)


def reader_for_token(store: Store, *, token: str, kind: str) -> tuple[int, AccountRow] | None:
    """(session id, account) for a cookie or bearer token, or None when it is not live."""
    if not token or len(token) > 200:
        return None
    with store.session() as session:
        found = db.session_account(
            session, token_hash=token_hash(token), kind="api" if kind == "api" else "web"
        )
    if found is None or found[1].banned(utcnow()):
        return None
    return found


def sign_out(store: Store, *, session_id: int) -> None:
    with store.session() as session:
        db.end_session(session, session_id=session_id)


def change_password(
    settings: Settings, store: Store, *, account: AccountRow, current: str, new: str
) -> SignedIn:
    """Set a new password, end every session and token of the account, open a new session."""
    new_hash = hash_password(new)
    with store.session() as session:
        if not verify_password(db.password_hash_of(session, account_id=account.id), current):
            raise SignInError("Your current password is not right.")
        db.set_password_hash(session, account_id=account.id, password_hash=new_hash)
        db.end_sessions(session, account_id=account.id)
        return _open_session(settings, session, account)


def request_reset(
    settings: Settings, store: Store, *, email: str, address: str
) -> tuple[str, str] | None:
    """(email, token) to mail when the account exists; None otherwise (the caller answers
    the same either way)."""
    email = email.strip().lower()[:254]
    with store.session() as session:
        ratelimit.hit(
            session,
            bucket=f"reset:address:{address}",
            limit=settings.limit_resets_per_address,
            window=ratelimit.RESET_WINDOW,
        )
    with store.session() as session:
        found = db.credentials_by_email(session, email=email)
        if found is None:
            return None
        token, hashed = new_token()
        db.add_reset(
            session,
            account_id=found[0].id,
            token_hash=hashed,
            expires_at=utcnow() + timedelta(minutes=settings.reset_token_minutes),
        )
    return email, token


def reset_link_is_live(store: Store, *, token: str) -> bool:
    with store.session() as session:
        return db.reset_is_live(session, token_hash=token_hash(token[:200]))


def complete_reset(store: Store, *, token: str, new: str) -> None:
    """Spend the link (once), set the password, end every session of the account."""
    new_hash = hash_password(new)
    with store.session() as session:
        account_id = db.spend_reset(session, token_hash=token_hash(token[:200]))
        if account_id is None:
            raise CommunityError("This reset link has expired or was already used.")
        db.set_password_hash(session, account_id=account_id, password_hash=new_hash)
        db.end_sessions(session, account_id=account_id)


def create_api_token(store: Store, *, account: AccountRow, label: str) -> str:
    label = clean_text(label or "API token", field="token name", max_chars=80)
    token, hashed = new_token()
    with store.session() as session:
        db.add_session(
            session,
            account_id=account.id,
            token_hash=hashed,
            kind="api",
            expires_at=None,
            label=label,
        )
    return token


def delete_account(
    store: Store, *, account: AccountRow, password: str, remove_comments: bool
) -> None:
    with store.session() as session:
        if not verify_password(db.password_hash_of(session, account_id=account.id), password):
            raise SignInError("Your password is not right.")
        db.delete_account(session, account_id=account.id, remove_comments=remove_comments)


def create_admin(store: Store, *, email: str, password: str | None, name: str) -> str:
    """Make `email` an admin: promote an existing account or create one. Returns what it did."""
    email = clean_email(email)
    with store.session() as session:
        found = db.credentials_by_email(session, email=email)
        if found is not None:
            db.set_role(session, account_id=found[0].id, role="admin")
            return f"{email} is now an admin"
        if not password:
            raise CommunityError("A new admin account needs a password.")
        role: Role = "admin"
        created = db.create_account(
            session,
            email=email,
            display_name=clean_text(name or email.split("@")[0], field="name", max_chars=40),
            password_hash=hash_password(password),
            role=role,
        )
        if created is None:
            raise CommunityError(f"could not create {email}")
        return f"created admin {email}"
