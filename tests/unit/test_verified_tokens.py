"""The memory of verified tokens (services.common.verified_tokens): a token verified
once is answered without its signature checked again, only while it is unexpired and
its key is still the one published, and only the most recent are kept."""

from services.common.verified_tokens import Verified, VerifiedTokens

KEY = object()


def verified(exp: float, kid: str = "k1") -> Verified:
    return Verified({"sub": "usr_chair-1", "exp": exp}, kid, KEY)


def same(kid: str, key: object) -> bool:
    return kid == "k1" and key is KEY


def test_a_kept_token_is_answered_until_it_expires_counting_the_leeway():
    tokens = VerifiedTokens()
    tokens.keep("t", verified(exp=100))
    assert tokens.claims("t", now=99.9, leeway=0, same_key=same) == {
        "sub": "usr_chair-1",
        "exp": 100,
    }
    assert tokens.claims("t", now=104, leeway=5, same_key=same) is not None
    assert (
        tokens.claims("t", now=105, leeway=5, same_key=same) is None
    )  # as PyJWT: exp <= now - leeway
    assert tokens.claims("t", now=50, leeway=0, same_key=same) is None  # and forgotten


def test_a_token_whose_key_is_no_longer_the_published_one_is_not_answered():
    tokens = VerifiedTokens()
    tokens.keep("t", verified(exp=100, kid="k2"))
    assert tokens.claims("t", now=1, leeway=0, same_key=same) is None


def test_only_the_most_recently_kept_are_remembered():
    tokens = VerifiedTokens(max_tokens=3)
    for name in "abcd":
        tokens.keep(name, verified(exp=100))
    assert [tokens.claims(n, 1, 0, same) is not None for n in "abcd"] == [False, True, True, True]
    tokens.keep("b", verified(exp=100))  # kept again: the newest
    tokens.keep("e", verified(exp=100))
    assert [tokens.claims(n, 1, 0, same) is not None for n in "bcde"] == [True, False, True, True]
