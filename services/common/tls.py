"""A process's own certificate, key and the deployment's certificate authority
(read as services.common.settings.tls_identity says), and the gRPC credentials
made from them: a server requires a client certificate from the same authority, a client
checks the server's."""

from dataclasses import dataclass

import grpc


@dataclass(frozen=True)
class TlsIdentity:
    authority: bytes  # the CA's certificate: whom to trust
    certificate: bytes  # this process's certificate chain
    key: bytes

    def server_credentials(self) -> grpc.ServerCredentials:
        return grpc.ssl_server_credentials(
            [(self.key, self.certificate)],
            root_certificates=self.authority,
            require_client_auth=True,
        )

    def channel_credentials(self) -> grpc.ChannelCredentials:
        return grpc.ssl_channel_credentials(self.authority, self.key, self.certificate)
