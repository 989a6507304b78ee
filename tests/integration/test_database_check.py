"""The projections' health check of their database (projections.kernel.DatabaseAnswers):
one connection kept between checks, not a new one each second, and a cut connection
replaced within the same check, so health stays SERVING; closed when the worker
stops, it holds no connection."""

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from deploy.local.databases import admin_conninfo
from projections.kernel import DatabaseAnswers

NAME = "health-check-under-test"


def backends(dbname: str) -> list[int]:
    with psycopg.connect(admin_conninfo(dbname), autocommit=True) as conn:
        return [
            pid
            for (pid,) in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [NAME]
            )
        ]


def test_checks_share_one_connection_and_a_cut_one_is_replaced_at_once(create_shared_view):
    dsn = create_shared_view("database_check")
    dbname = conninfo_to_dict(dsn)["dbname"]
    check = DatabaseAnswers(make_conninfo(dsn, application_name=NAME))
    assert all(check() for _ in range(5))
    (kept,) = backends(dbname)
    with psycopg.connect(admin_conninfo(dbname), autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s, 5000)", [kept])
    assert check()
    (replaced,) = backends(dbname)
    assert replaced != kept


def test_a_stopped_worker_gives_its_connection_back_and_opens_none_again(create_shared_view):
    dsn = create_shared_view("database_check_closed")
    dbname = conninfo_to_dict(dsn)["dbname"]
    check = DatabaseAnswers(make_conninfo(dsn, application_name=NAME))
    assert check()
    assert len(backends(dbname)) == 1
    check.close()  # as run_worker does once the worker has stopped
    assert backends(dbname) == []
    assert not check()  # a late health check fails rather than connecting again
    assert backends(dbname) == []
