import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The demo application: a plain ServerSocket loop that greets every client it is given. It knows nothing of
 * tcpwrap; the agent decides which clients it ever sees.
 */
public class DemoServer {
    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            System.out.println("READY " + server.getLocalPort());
            while (true) {
                try (Socket s = server.accept()) {
                    System.out.println("app: accepted a connection from " + s.getInetAddress().getHostAddress());
                    OutputStream out = s.getOutputStream();
                    out.write(("hello " + s.getInetAddress().getHostAddress() + ", this is the demo server\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        }
    }
}
