"""The acknowledged producer's partitioner: each key's partition is Kafka's default
(aiokafka's DefaultPartitioner, the Java client's murmur2), its hash remembered."""

from aiokafka.partitioner import DefaultPartitioner
from hypothesis import given
from hypothesis import strategies as st

from services.common.acknowledged import partition

DEFAULT = DefaultPartitioner()


@given(st.binary(max_size=80), st.integers(1, 50))
def test_a_keys_partition_is_kafkas_default_each_time(key, partitions):
    every = list(range(partitions))
    expected = DEFAULT(key, every, every)
    assert partition(key, every, every) == expected
    assert partition(key, every, every[:1]) == expected  # whatever is available now


def test_a_record_without_a_key_goes_to_an_available_partition():
    assert {partition(None, [0, 1, 2], [2]) for _ in range(20)} == {2}
    assert {partition(None, [0, 1, 2], []) for _ in range(200)} == {0, 1, 2}
