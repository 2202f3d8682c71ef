import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Connects to the demo server from a chosen loopback source address and shows what came back. */
public class DemoClient {
    public static void main(String[] args) throws Exception {
        String from = args[0];
        int port = Integer.parseInt(args[1]);
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            byte[] buf = in.readNBytes(200);
            if (buf.length == 0) {
                System.out.println("client " + from + ": connection closed by the server, nothing received");
            } else {
                System.out.print("client " + from + ": received: " + new String(buf, StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            System.out.println("client " + from + ": connection reset by the server, nothing received (" + e.getMessage() + ")");
        }
    }
}
