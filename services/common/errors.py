"""What the case records refuse, in the domain's words.

The domain and the application raise these; each entrypoint maps them to its own
answers in one table (for gRPC, services.common.grpc_errors). Messages name no
personal data and never repeat what a caller submitted.
"""


def rebuilt(kind: type, args: tuple, state: dict) -> "DomainError":
    """A refusal as it was sent (DomainError.__reduce__)."""
    if not (isinstance(kind, type) and issubclass(kind, DomainError)):
        raise TypeError("only a refusal is rebuilt")
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class DomainError(Exception):
    """A refusal of the case records; nothing was recorded."""

    def __reduce__(self):
        # Sent whole from a service's writer to its request processes, whatever
        # arguments the refusal's constructor takes.
        return rebuilt, (type(self), self.args, self.__dict__)


class NotFound(DomainError):
    """The thing asked for does not exist."""


class AlreadyExists(DomainError):
    """What the request would create is already recorded."""


class FailedPrecondition(DomainError):
    """The case is not in a state that allows this (for example, it is closed)."""


class RuleBroken(DomainError):
    """The request breaks a rule of the agency's practice about what it asks for.

    Each entrypoint names the part of its request that broke the rule. `index` is the
    position of the offending item when the rule concerns one item of a list."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


class ConcurrentChange(DomainError):
    """Another writer changed the case meanwhile; retrying the request may work."""


class PermissionDenied(DomainError):
    """The caller may not see or do this."""


class Unauthenticated(DomainError):
    """The caller did not prove who they are (no credential, or one not accepted)."""


class ResourceExhausted(DomainError):
    """The caller asked too often; asking again later may work."""


class Unavailable(DomainError):
    """A store or log the answer depends on cannot be reached; retrying may work."""


class DeadlineExceeded(DomainError):
    """The caller stopped waiting before the change was made; it was not made."""


# The kernel's rules


class CaseClosed(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("the case is closed")


class AboutAnotherSubject(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("the case is about another subject")


class CaseAlreadyOpen(AlreadyExists):
    def __init__(self) -> None:
        super().__init__("a case with this reference is already open")


class NoSuchCase(NotFound):
    def __init__(self) -> None:
        super().__init__("no case with this reference")


class SubjectRequired(RuleBroken):
    def __init__(self) -> None:
        super().__init__("who the case is about is required to open a new case")


class RequestIdReused(RuleBroken):
    def __init__(self) -> None:
        super().__init__("was already used for a different request; use a new request id")


class NamesNoOne(RuleBroken):
    def __init__(self) -> None:
        super().__init__(
            "the case names no one (an anonymous or unnamed report): there is no one to "
            "record this for"
        )


class CaseErased(NotFound):
    """The case was erased: its key is destroyed, and nothing of it can be read."""

    def __init__(self) -> None:
        super().__init__("the case was erased")


class ErasedReference(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__(
            "a case with this reference was erased; its reference cannot be used again"
        )
