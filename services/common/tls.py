"""A process's own certificate, key and the deployment's certificate authority
(read as services.common.settings.tls_identity says), and what is made from
them: gRPC credentials (a server requires a client certificate from the same
authority, a client checks the server's) and the TLS context of a Kafka client,
which shows the same certificate to the broker."""

import ssl
from dataclasses import dataclass, field

import grpc


@dataclass(frozen=True)
class TlsIdentity:
    authority: bytes  # the CA's certificate: whom to trust
    certificate: bytes  # this process's certificate chain
    key: bytes
    # Where they were read from (a Kafka client's TLS context reads files).
    files: tuple[str, str, str] = field(default=("", "", ""), repr=False)

    def server_credentials(self) -> grpc.ServerCredentials:
        return grpc.ssl_server_credentials(
            [(self.key, self.certificate)],
            root_certificates=self.authority,
            require_client_auth=True,
        )

    def channel_credentials(self) -> grpc.ChannelCredentials:
        return grpc.ssl_channel_credentials(self.authority, self.key, self.certificate)

    def ssl_context(self) -> ssl.SSLContext:
        _, certificate, key = self.files
        context = ssl.create_default_context(cadata=self.authority.decode("ascii"))
        context.load_cert_chain(certificate, key)
        return context

    def kafka_options(self) -> dict[str, object]:
        """What a kafka-python client is given to connect as this process."""
        return {"security_protocol": "SSL", "ssl_context": self.ssl_context()}
